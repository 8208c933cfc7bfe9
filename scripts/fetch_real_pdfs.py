"""Fetch the real protocol PDFs of `evals/real/sources.jsonl` into a scratch folder, by repository, commit and path.

The PDFs are other organisations' documents: they never enter this repository. Each is read from a git directory
of its repository: a mirror under --mirrors (`<owner>+<name>/repo[/.git]`, as the search tool's fetch leaves them)
or, when that is missing, a blob-less bare clone from GitHub made under the output folder. Every file is checked
against its recorded SHA-256.

    python scripts/fetch_real_pdfs.py --out /work/scratch/real          # then measure with scripts/measure_parse.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "evals" / "real" / "sources.jsonl"


def git_dir(repo: str, mirrors: Path, out: Path) -> Path:
    """A git directory holding `repo`'s history: the mirror if there is one, else a clone made once."""
    base = mirrors / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file():
            return candidate
    clone = out / ".git-cache" / repo.replace("/", "+")
    if not (clone / "HEAD").is_file():
        clone.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none", f"https://github.com/{repo}.git",
                        str(clone)], check=True)
    return clone


def fetch(source: dict, mirrors: Path, out: Path) -> str:
    """Write one source's file under out/<split>/ and return a line saying what happened."""
    target = out / source["split"] / source["file"]
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == source["sha256"]:
        return f"kept    {target}"
    data = subprocess.run(["git", "--git-dir", str(git_dir(source["repo"], mirrors, out)), "show",
                           f"{source['commit']}:{source['path']}"], check=True, capture_output=True).stdout
    digest = hashlib.sha256(data).hexdigest()
    if digest != source["sha256"]:
        raise SystemExit(f"{source['file']}: SHA-256 {digest} is not the recorded {source['sha256']}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return f"fetched {target}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="Scratch folder outside the repository.")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"), help="Folder of repository mirrors.")
    parser.add_argument("--sources", type=Path, default=SOURCES)
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(ROOT):
        raise SystemExit("--out must lie outside the repository: third-party files are never committed")
    failed = 0
    for line in args.sources.read_text(encoding="utf-8").splitlines():
        source = json.loads(line)
        try:
            print(fetch(source, args.mirrors, args.out), flush=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            failed += 1
            print(f"failed  {source['file']}: {exc}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
