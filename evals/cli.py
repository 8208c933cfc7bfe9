"""The `paragraf-eval` command: score the assistant against gold answers.

Kept apart from the product's `paragraf` command, which never imports `evals/`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from assistant.settings import Settings
from index.errors import ParagrafError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    gold: Path = typer.Option(Path("evals/gold.jsonl"), "--gold", help="Gold questions (JSONL) naming meetings by date and §."),
    store: Optional[Path] = typer.Option(None, "--store", help="Store folder (default as for `paragraf`: PARAGRAF_STORE, "
                                                               "else the per-user store)."),
    out: Path = typer.Option(Path("evals/out"), "--out", help="Folder for report.json, report.md and metrics_by_kind.png."),
    k: int = typer.Option(10, "--k", help="Search depth for Recall@k and MRR."),
    floors: Optional[Path] = typer.Option(None, "--floors", help="Exit 1 if a metric breaks these floors (e.g. evals/floors.json)."),
    archive: Optional[list[Path]] = typer.Option(None, "--archive", help="Protocol folder the questions are about (repeatable); indexed into an eval store of its own. Default: the store as it is."),
    invented: Optional[Path] = typer.Option(None, "--invented", help="Folder of invented archives (evals/invented): each question is asked in a store of the archive it names, rendered in its layout."),
    corrected: bool = typer.Option(False, "--corrected", help="With --invented: each meeting's organisation, organ and date corrected from the archive's truth before indexing (the answer side without header misreadings)."),
) -> None:
    """Score the assistant against gold answers: retrieval, citations, facts, abstention, latency."""
    from rich.console import Console

    from evals.gate import check_floors, load_floors
    from evals.report import summary_table, write_report
    from evals.run import eval_settings, evaluate

    try:
        settings = Settings.load(store=store)
        settings = eval_settings(archive, settings) if archive else settings
        report = evaluate(gold, settings, k, progress=sys.stderr.isatty(), invented=invented,
                          corrected=corrected)
        violations = check_floors(report, load_floors(floors)) if floors else []
    except ParagrafError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    Console().print(summary_table(report))
    typer.echo("wrote " + ", ".join(str(p) for p in write_report(report, out)))
    for violation in violations:
        typer.echo(f"below floor: {violation}", err=True)
    if violations:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
