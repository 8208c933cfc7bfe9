"""The archive on disk: SQLite catalog, Chroma vectors, sentence vectors, BM25, the § table, health checks, uploads.

Imports `index.parse`, `index.read`, `index.lang`, `index.models` and `index.errors`; never `assistant`.
"""
