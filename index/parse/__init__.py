"""Text -> meeting (organisation, organ, date), its § paragraphs and their facts; the secretary's corrections.

Imports `index.read`, `index.lang`, `index.models` and `index.errors`; never `store` or `assistant`.
"""
