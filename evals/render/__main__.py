"""Render an archive of invented minutes into protocol files and a truth.jsonl: `python -m evals.render ARCHIVE.jsonl OUT`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from evals.render.archive import load_plan, render_meetings
from evals.render.layouts import LAYOUTS, layout
from evals.render.markup import load_archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="an archive of invented minutes (one meeting a JSON line)")
    parser.add_argument("out", type=Path, help="folder for the files and truth.jsonl")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--layout", choices=sorted(LAYOUTS), help="default: the archive's layout in archives.json")
    group.add_argument("--all-layouts", action="store_true", help="every layout, one sub-folder each")
    args = parser.parse_args()
    meetings = load_archive(args.archive)
    if args.all_layouts:
        names = list(LAYOUTS)
    else:
        names = [args.layout or load_plan(args.archive.parent)[meetings[0].archive].layout]
    for name in names:
        folder = args.out / name if args.all_layouts else args.out
        truths = render_meetings(meetings, folder, layout(name))
        (folder / "truth.jsonl").write_text("".join(json.dumps(t.to_json(), ensure_ascii=False) + "\n" for t in truths),
                                            encoding="utf-8")
        print(f"{name}: {len(meetings)} meetings -> {folder}")


if __name__ == "__main__":
    main()
