"""What the page brings besides its components: its style sheets and its script, put into the page's <head>.

The style sheets go in as they are (Gradio rewrites the `css` it is given under its own container, so a print rule
for <body> could never match); the words CSS shows are made from the table of assistant/ui/texts.py. The script
catches clicks on citation links, sets Gradio's own language and prints the brief alone (static/paragraf.js).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import gradio as gr

from assistant.ui.render import CITE_PREFIX
from assistant.ui.texts import LANGUAGES, t

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def gradio_core_bundle() -> str | None:
    """The file name of the installed Gradio's core bundle that exports `changeLocale` (the setter of its
    language); None, with a warning, when no bundle does (Gradio's words then follow the browser's language)."""
    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    core = next((p.name for p in sorted(assets.glob("core-*.js")) if "changeLocale" in p.read_text(encoding="utf-8")), None)
    if core is None:
        log.warning("Gradio %s has no core bundle exporting changeLocale; its own words follow the browser's language",
                    gr.__version__)
    return core


def script() -> str:
    """The page script with the citation links' prefix and Gradio's core bundle filled in."""
    source = (STATIC / "paragraf.js").read_text(encoding="utf-8")
    return source % {"prefix": CITE_PREFIX, "core": json.dumps(gradio_core_bundle())}


def gradio_words_css() -> str:
    """Gradio writes 'Uploading 1 file...' in English whatever its language (a string outside its translations):
    shown in the page's language instead, which Gradio keeps in <html lang>."""
    rules = [f'html[lang="{lang}"] #upload .uploading::after {{ content: {json.dumps(t(lang, "uploading"), ensure_ascii=False)}; '
             f"font-size: var(--text-md); }}" for lang in LANGUAGES]
    return "#upload .uploading { font-size: 0 !important; }\n" + "\n".join(rules)


def head() -> str:
    """The <head> additions of the page."""
    styles = [(STATIC / "paragraf.css").read_text(encoding="utf-8"), gradio_words_css(),
              (STATIC / "paragraf-print.css").read_text(encoding="utf-8")]
    return "".join(f"<style>\n{css}\n</style>\n" for css in styles) + f"<script>\n{script()}\n</script>\n"
