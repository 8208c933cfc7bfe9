"""File -> text: PDF (text layer, OCR for scans), Word, plain text, each within limits of size, pages and time.

Imports `index.lang`, `index.models` and `index.errors`; never `parse`, `store` or `assistant`.
"""
