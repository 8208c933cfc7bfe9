"""How sound Swedish minutes score as a text layer (index/read/quality.py), measured on text that is no PDF of the
development set: the seed protocols (corpus/) and the invented protocols of evals/layouts, cut into page-sized parts.
The lowest score, less a margin, is the score under which a PDF page's text layer is read again by OCR.

    python -m benchmarks.text_quality [FOLDER ...]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from index.read import quality

ROOT = Path(__file__).resolve().parent.parent
PAGE_WORDS = 350  # about a page of minutes


def page_scores(text: str) -> list[float]:
    """The score of each page-sized part of a text (parts too short to judge left out)."""
    words = text.split()
    parts = (" ".join(words[k:k + PAGE_WORDS]) for k in range(0, len(words), PAGE_WORDS))
    return [s for s in map(quality.score, parts) if s is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "corpus", ROOT / "evals" / "layouts"])
    args = parser.parse_args()
    scores = sorted(s for folder in args.folders for f in sorted(folder.glob("*.txt")) for s in page_scores(f.read_text()))
    print(f"{len(scores)} pages: lowest {scores[0]:.3f}, median {statistics.median(scores):.3f}, highest {scores[-1]:.3f}; "
          f"read again below {quality.REREAD_BELOW}")


if __name__ == "__main__":
    main()
