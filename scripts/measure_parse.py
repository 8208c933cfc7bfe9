"""Measure the parser against hand-written truth: § lists, meeting dates, organisations and organs.

    python scripts/measure_parse.py FOLDER TRUTH.jsonl [--split dev|heldout] [--round 4] [--seconds 120] [--verbose]

TRUTH.jsonl holds one protocol per line: {"file", "organisation", "organ", "date", "paragraphs"}
(`date` and the names may be null where the text does not give them; `paragraphs` are § numbers as
strings; `split` names the held-out files). A file still being read after --seconds counts as wrong. Prints the § exact-match count, § precision/recall/F1 over (file, number) pairs, and the
date, organisation and organ accuracy, and the seconds per page of PDFs. The protocols themselves stay outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.parse.header import UNKNOWN_ORGANISATION  # noqa: E402
from index.parse.protocol import parse_file  # noqa: E402


@dataclass
class Score:
    files: int = 0
    exact: int = 0
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    dates: int = 0
    organisations: int = 0
    organs: int = 0
    seconds: float = 0.0
    pages: int = 0
    timeouts: int = 0

    def f1(self) -> tuple[float, float, float]:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.expected if self.expected else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _words(name: str | None) -> list[str]:
    """Lower-case words without remarks in brackets, quotes or definite endings ('Styrelsen' ~ 'styrelse')."""
    plain = re.sub(r"\(.*?\)", " ", (name or "").lower())
    words = re.findall(r"[\wåäöéü]+", plain)
    return [re.sub(r"(?<=\w{5})(en|et|n)$", "", w) for w in words]


def same_name(truth: str | None, found: str) -> bool:
    """A name matches when one's words are a run of the other's (truth 'Barn- och skolnämndens
    arbetsutskott' ~ 'arbetsutskottet'); an unknown truth matches only an unknown answer."""
    found = "" if found == UNKNOWN_ORGANISATION else found
    a, b = _words(truth), _words(found)
    if not a or not b:
        return not a and not b
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return any(long_[i: i + len(short)] == short for i in range(len(long_) - len(short) + 1))


class _Late(Exception):
    pass


def _late(signum, frame):
    raise _Late()


def measure(folder: Path, truth_file: Path, verbose: bool, split: str | None = None, seconds: int = 120,
            present: bool = False, round_: int | None = None, exact_names: bool = False) -> Score:
    score = Score()
    signal.signal(signal.SIGALRM, _late)
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        truth = json.loads(line)
        if split and truth.get("split") != split:
            continue
        if round_ is not None and truth.get("round") != round_:
            continue
        path = folder / truth["file"]
        if not path.exists() and truth.get("split"):
            path = folder / truth["split"] / truth["file"]
        if present and not path.exists():
            continue
        start = time.perf_counter()
        signal.alarm(seconds)
        try:
            meeting = parse_file(path)
        except _Late:
            score.files += 1
            score.timeouts += 1
            score.expected += len(truth["paragraphs"])
            print(f"---- {truth['file']}: still reading after {seconds} s")
            continue
        except Exception as exc:  # a refusal counts as a wrong answer for every field
            signal.alarm(0)
            score.files += 1
            score.expected += len(truth["paragraphs"])
            print(f"---- {truth['file']}: {type(exc).__name__}: {exc}")
            continue
        finally:
            signal.alarm(0)
        if path.suffix.lower() == ".pdf" and truth.get("pages"):
            score.seconds += time.perf_counter() - start
            score.pages += truth["pages"]
        found = [p.label or p.title for p in meeting.paragraphs]  # a § without a number is known by its heading
        expected = [str(n) for n in truth["paragraphs"]]
        overlap = sum((Counter(found) & Counter(expected)).values())
        checks = (found == expected, (truth["date"] or "") == meeting.date,
                  truth["organisation"] == meeting.organisation if exact_names else same_name(truth["organisation"],
                                                                                              meeting.organisation),
                  same_name(truth["organ"], meeting.body))
        score.files += 1
        score.exact += checks[0]
        score.true_positive += overlap
        score.predicted += len(found)
        score.expected += len(expected)
        score.dates += checks[1]
        score.organisations += checks[2]
        score.organs += checks[3]
        if verbose:
            marks = "".join("+" if ok else "-" for ok in checks)
            print(f"{marks} {truth['file']}\n    § {' '.join(found) or '-'}  (truth {' '.join(expected)})"
                  f"\n    date {meeting.date or '-'} (truth {truth['date']}); org {meeting.organisation!r} "
                  f"(truth {truth['organisation']!r}); organ {meeting.body!r} (truth {truth['organ']!r})")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--verbose", action="store_true", help="one line per protocol")
    parser.add_argument("--split", choices=("dev", "heldout"), help="only the files of this split")
    parser.add_argument("--seconds", type=int, default=120, help="a file still being read after this long is wrong")
    parser.add_argument("--present", action="store_true", help="only the truth's files that FOLDER holds (a batch)")
    parser.add_argument("--round", type=int, help="only the truth's files added in this collecting round")
    parser.add_argument("--exact-names", action="store_true",
                        help="an organisation is right only as the truth writes it (the catalog's value), not as a run of its words")
    args = parser.parse_args()
    score = measure(args.folder, args.truth, args.verbose, args.split, args.seconds, args.present, args.round,
                    args.exact_names)
    precision, recall, f1 = score.f1()
    n = score.files or 1
    print(f"protocols {score.files}: § exact {score.exact}/{score.files}, "
          f"§ P {precision:.2f} R {recall:.2f} F1 {f1:.2f}, date {score.dates}/{score.files} ({score.dates / n:.2f}), "
          f"organisation {score.organisations}/{score.files} ({score.organisations / n:.2f}), "
          f"organ {score.organs}/{score.files} ({score.organs / n:.2f}), "
          f"PDF s/page {score.seconds / max(score.pages, 1):.3f} over {score.pages} pages, timeouts {score.timeouts}")


if __name__ == "__main__":
    main()
