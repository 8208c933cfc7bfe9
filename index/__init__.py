"""Protocol files in, § paragraphs out, stage by stage.

    lang/   the grammar of Swedish minutes (dates, tokens, words); imports nothing of ours
    read/   file -> text (PDF, OCR, Word, plain text) within limits; imports lang/
    parse/  text -> meeting, § and facts; imports read/ and lang/
    store/  catalog, vectors, BM25, health, uploads; imports parse/, read/ and lang/
    pipeline.py, worker.py, nodes.py   an indexing run, a file read in a child process, the LlamaIndex adapters

`models.py` (Meeting, Paragraph) and `errors.py` are shared by every stage. Nothing in `index/` imports `assistant/`.
"""
