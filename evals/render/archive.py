"""Invented archives as folders of protocol files: each meeting in its archive's layout, a truth.jsonl beside them,
and, for the archives the plan pads, synthetic meetings of other organisations dated before the invented ones.

The plan is evals/invented/archives.json: each archive's layout, and how many synthetic § pad it. A folder is
rendered once per content (the archive files, the plan and the renderer's code make its key), so an eval run
re-indexes nothing that did not change.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from evals.render.layouts import Layout, layout
from evals.render.markup import Meeting, Truth, load_archive
from evals.render.synthetic import generate
from index.errors import BadInput
from index.models import slug

INVENTED = Path(__file__).resolve().parent.parent / "invented"
PLAN = "archives.json"
PAD_YEARS_BEFORE = 4  # padding starts this many years before an archive's first meeting
PAD_SEED = 11


@dataclass(frozen=True)
class ArchivePlan:
    archive: str
    layout: str
    pad_paragraphs: int = 0  # synthetic § beside the invented meetings


def load_plan(folder: Path = INVENTED) -> dict[str, ArchivePlan]:
    """Each archive's layout and padding, from `<folder>/archives.json`."""
    path = folder / PLAN
    if not path.is_file():
        raise BadInput(f"{path}: no such archive plan")
    data = json.loads(path.read_text(encoding="utf-8"))
    plans = {name: ArchivePlan(name, row["layout"], int(row.get("pad_paragraphs", 0)))
             for name, row in data["archives"].items()}
    for plan in plans.values():
        layout(plan.layout)  # an unknown layout fails here, with the valid names
    return plans


def file_name(meeting: Meeting, shape: Layout) -> str:
    """'2024-02-06-kommunstyrelsen.pdf': how archives name their protocols (date and organ)."""
    return f"{meeting.date}-{slug(meeting.organ)}{shape.suffix}"


def render_meetings(meetings: list[Meeting], folder: Path, shape: Layout) -> list[Truth]:
    """Write each meeting into `folder` in one layout; return what each file holds."""
    folder.mkdir(parents=True, exist_ok=True)
    truths = []
    for meeting in meetings:
        name = file_name(meeting, shape)
        (folder / name).write_bytes(shape.render(meeting))
        truths.append(Truth(name, shape.name, meeting.organisation, meeting.organ, meeting.date,
                            [item.name for item in meeting.items]))
    return truths


def pad(folder: Path, paragraphs: int, before: date) -> int:
    """Synthetic meetings of other organisations with `paragraphs` § in all, starting PAD_YEARS_BEFORE years before
    `before` (so no padded meeting falls in the invented archive's years); returns the number of meetings."""
    start = before - timedelta(days=365 * PAD_YEARS_BEFORE)
    meetings = generate(folder, paragraphs, seed=PAD_SEED, start=start)
    late = [m.date for m in meetings if m.date >= before.isoformat()]
    if late:
        raise BadInput(f"padding reaches {late[0]}, into the archive's own period: pad fewer §")
    return len(meetings)


def render_archive(archive: str, out: Path, folder: Path = INVENTED) -> list[Truth]:
    """One archive of `folder` rendered by its plan into `out` (replaced), with its padding and truth.jsonl."""
    plan = load_plan(folder)
    if archive not in plan:
        raise BadInput(f"no archive {archive!r} in {folder / PLAN}; choose one of: {', '.join(sorted(plan))}")
    meetings = load_archive(folder / f"{archive}.jsonl")
    if out.exists():
        shutil.rmtree(out)
    truths = render_meetings(meetings, out, layout(plan[archive].layout))
    if plan[archive].pad_paragraphs:
        pad(out / "padding", plan[archive].pad_paragraphs, meetings[0].day)
    (out / "truth.jsonl").write_text("".join(json.dumps(t.to_json(), ensure_ascii=False) + "\n" for t in truths),
                                     encoding="utf-8")
    return truths


def content_key(archives: list[str], folder: Path = INVENTED) -> str:
    """A hash of what a rendering depends on: the archives' files, the plan and the renderer's code."""
    digest = hashlib.blake2b(digest_size=8)
    code = sorted(Path(__file__).parent.glob("*.py"))
    for path in [folder / PLAN, *(folder / f"{a}.jsonl" for a in sorted(archives)), *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def rendered(archives: list[str], cache: Path, folder: Path = INVENTED) -> Path:
    """A folder holding these archives rendered (each in a sub-folder), made once per content key."""
    target = cache / f"{'+'.join(sorted(archives))}-{content_key(archives, folder)}"
    if not (target / ".done").is_file():
        for archive in sorted(archives):
            render_archive(archive, target / archive, folder)
        (target / ".done").write_text("\n".join(sorted(archives)), encoding="utf-8")
    return target
