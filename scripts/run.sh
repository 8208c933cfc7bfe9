#!/usr/bin/env bash
# One entry point for people and CI: sets up .venv/ (idempotent) and then
#   start  - indexes the bundled corpus if needed and opens the chat UI
#   test   - lints (ruff), type-checks (mypy: strict on index/lang) and runs the test suite (what .ci/run calls)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

setup() {
    # $1: the extras to install, e.g. "" for the assistant or "dev,llm" for the tests.
    local extras=${1:-}
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating virtual environment in .venv/ ..."
        "$PY" -m venv "$VENV"
    fi
    local stamp="$VENV/.paragraf-installed-${extras:-core}"
    local want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing Paragraf${extras:+ [$extras]} into .venv/ (the first run takes a few minutes;"
        echo "the llm extra builds llama-cpp-python from source once, about 10-15 minutes on 2 cores) ..."
        "$VENV/bin/pip" install --quiet --upgrade pip
        # torch first, pinned: the CPU wheel; any other spec pulls gigabytes of CUDA packages.
        "$VENV/bin/pip" install --quiet "torch==2.13.0"
        "$VENV/bin/pip" install --quiet -e ".${extras:+[$extras]}"
        echo "$want" > "$stamp"
    fi
}

browser() {
    # Real-browser tests use Debian's Chromium; never a downloaded browser.
    if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium for the browser tests ..."
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium; browser tests will be skipped"
    fi
}

ocr() {
    # Scanned PDFs are read by Tesseract with its Swedish model (Debian packages); without them a
    # scanned PDF is refused by name with that reason, and the OCR tests are skipped.
    if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; }; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing Debian's tesseract-ocr and tesseract-ocr-swe for scanned PDFs ..."
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-swe >/dev/null) \
                || echo "warning: could not install tesseract-ocr-swe; scanned PDFs will be refused"
        else
            echo "warning: tesseract-ocr and tesseract-ocr-swe are not installed (needs root and apt-get); scanned PDFs will be refused"
        fi
    fi
}

postgres() {
    # The storage tests run against a real PostgreSQL too (a throwaway server in a temporary folder, loopback only,
    # started by tests/conftest.py): Debian's server package, when it is missing.
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing Debian's postgresql for the storage tests ..."
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
                || echo "warning: could not install postgresql; the PostgreSQL tests will be skipped"
        else
            echo "warning: postgresql is not installed (needs root and apt-get); the PostgreSQL tests will be skipped"
        fi
    fi
}

vocabulary() {
    # Swedish compounds are split with Debian's Swedish hunspell dictionary (read in place, never copied);
    # without it compounds stay whole (a warning in the log) and search still works.
    if [ ! -f /usr/share/hunspell/sv_SE.dic ]; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing Debian's hunspell-sv for Swedish compound words ..."
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-sv >/dev/null) \
                || echo "warning: could not install hunspell-sv; Swedish compounds will not be split"
        else
            echo "warning: hunspell-sv is not installed (needs root and apt-get); Swedish compounds will not be split"
        fi
    fi
}

cmd=${1:-start}
shift || true
case "$cmd" in
    start)
        setup ""
        ocr
        vocabulary
        exec "$VENV/bin/paragraf" serve --index-first "$@"
        ;;
    test)
        setup "dev,llm"
        browser
        ocr
        vocabulary
        postgres
        "$VENV/bin/ruff" check --quiet .
        "$VENV/bin/mypy"
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: scripts/run.sh start|test [args]" >&2
        exit 2
        ;;
esac
