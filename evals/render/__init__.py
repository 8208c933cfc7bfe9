"""Invented minutes (evals/invented/, the markup of evals/render/markup.py) rendered as protocol files in the
layouts of real minutes: plain-text transcripts and PDFs with page furniture (evals/render/layouts.py), and whole
archives of them, padded with synthetic meetings where the plan says (evals/render/archive.py).

    python -m evals.render evals/invented/hedmark-ks.jsonl OUT --layout pdf-finnish
    python -m evals.render evals/invented/hedmark-ks.jsonl OUT --all-layouts
"""
