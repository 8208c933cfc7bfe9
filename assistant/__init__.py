"""Retrieval, cited answers, the chat UI and the command line over a Paragraf index."""
