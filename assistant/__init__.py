"""Questions in, cited answers out: retrieval and answers, meeting preparation, the chat UI and the command line.

    answer/   plan a question, retrieve § (dense + BM25), check support, compose the cited answer; optional LLM
    prepare/  the brief before a meeting and a topic's timeline, built on answer/
    ui/       the Gradio chat, login, answering worker processes; calls the same ask() as the CLI
    cli/      the `paragraf` command; engine.py opens the store; settings.py holds every setting

Imports `index`; never `evals`.
"""
