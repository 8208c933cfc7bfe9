"""Language-model backends, chosen by name (`PARAGRAF_LLM`), all behind LlamaIndex's `LLM` interface.

`none` (the default) means no model: answers stay extractive. Each integration package is
imported only when its backend is chosen, so the core install needs none of them; they come
with the `llm` extra (`pip install -e .[llm]`). llama-cpp-python builds from source: on two
cores the first build takes several minutes, later installs reuse the wheel pip cached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.llms import LLM

from assistant.settings import Settings

log = logging.getLogger(__name__)

CONTEXT_WINDOW = 4096
MAX_TOKENS = 512
TEMPERATURE = 0.0  # cited answers: the most likely wording, the same on every run
TIMEOUT = 120.0  # seconds for one request to a model server


def _openai_like(settings: Settings, context_window: int, max_tokens: int, temperature: float) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    if not settings.llm_base_url or not settings.llm_model:
        raise ValueError("PARAGRAF_LLM=openai-like needs PARAGRAF_LLM_BASE_URL (…/v1) and PARAGRAF_LLM_MODEL")
    return OpenAILike(
        model=settings.llm_model,
        api_base=settings.llm_base_url,
        api_key=settings.llm_api_key or "none",  # local servers accept any key; the client insists on one
        is_chat_model=True,
        context_window=context_window,
        max_tokens=max_tokens,
        temperature=temperature,
        timeout=TIMEOUT,
    )


def _ollama(settings: Settings, context_window: int, max_tokens: int, temperature: float) -> LLM:
    from llama_index.llms.ollama import Ollama

    if not settings.llm_model:
        raise ValueError("PARAGRAF_LLM=ollama needs PARAGRAF_LLM_MODEL (e.g. gemma3:4b)")
    return Ollama(
        model=settings.llm_model,
        base_url=settings.llm_base_url or "http://localhost:11434",
        temperature=temperature,
        context_window=context_window,
        request_timeout=TIMEOUT,
        additional_kwargs={"num_predict": max_tokens},
    )


def _llama_cpp(settings: Settings, context_window: int, max_tokens: int, temperature: float) -> LLM:
    from llama_index.llms.llama_cpp import LlamaCPP

    path = Path(settings.llm_model)
    if not settings.llm_model or not path.is_file():
        raise ValueError(f"PARAGRAF_LLM=llama-cpp needs PARAGRAF_LLM_MODEL set to a GGUF file; not found: {path}")
    # llama.cpp's default of half the cores is kept: on a busy two-core machine more threads spin and slow it down
    llm = LlamaCPP(model_path=str(path), temperature=temperature, max_new_tokens=max_tokens,
                   context_window=context_window, verbose=False)
    # LlamaCPP formats chats as Llama-2 '[INST]' text by default; most GGUF models expect their own turns.
    formatter = gguf_chat_formatter(llm._model)
    if formatter is not None:
        llm.messages_to_prompt = formatter
    return llm


def gguf_chat_formatter(model) -> Callable[[Sequence[ChatMessage]], str] | None:
    """`messages_to_prompt` for a loaded `llama_cpp.Llama`: the chat template stored in the GGUF file,
    else Gemma's turn format for Gemma models (whose small GGUFs often ship without a template), else None."""
    template = model.metadata.get("tokenizer.chat_template")
    if template:
        return _jinja_formatter(model, template)
    if model.metadata.get("general.architecture", "").startswith("gemma"):
        return gemma_prompt
    log.warning("GGUF file has no chat template; using LlamaIndex's default prompt format")
    return None


def gemma_prompt(messages: Sequence[ChatMessage]) -> str:
    """Gemma's turns; Gemma has no system role, so system text opens the first user turn (as its template does)."""
    system = "\n\n".join(m.content or "" for m in messages if m.role == MessageRole.SYSTEM)
    turns = []
    for message in (m for m in messages if m.role != MessageRole.SYSTEM):
        role = "model" if message.role == MessageRole.ASSISTANT else "user"
        content = message.content or ""
        if system and role == "user":
            content, system = f"{system}\n\n{content}", ""
        turns.append(f"<start_of_turn>{role}\n{content}<end_of_turn>\n")
    return "".join(turns) + "<start_of_turn>model\n"


def _jinja_formatter(model, template: str) -> Callable[[Sequence[ChatMessage]], str]:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def token(key: str) -> str:
        index = model.metadata.get(key)
        return model.detokenize([int(index)], special=True).decode("utf-8", "ignore") if index is not None else ""

    bos = token("tokenizer.ggml.bos_token_id")
    jinja = Jinja2ChatFormatter(template=template, eos_token=token("tokenizer.ggml.eos_token_id"), bos_token=bos)

    def messages_to_prompt(messages: Sequence[ChatMessage]) -> str:
        rendered = jinja(messages=[{"role": m.role.value, "content": m.content or ""} for m in messages]).prompt
        return rendered[len(bos):] if bos and rendered.startswith(bos) else rendered  # llama.cpp adds BOS itself

    return messages_to_prompt


BACKENDS: dict[str, Callable[[Settings, int, int, float], LLM] | None] = {
    "none": None,
    "openai-like": _openai_like,
    "ollama": _ollama,
    "llama-cpp": _llama_cpp,
}


def make_llm(settings: Settings, *, context_window: int = CONTEXT_WINDOW, max_tokens: int = MAX_TOKENS,
             temperature: float = TEMPERATURE) -> LLM | None:
    """The model named by `settings.llm`, or None for `none`. Unknown names raise with the valid ones."""
    name = (settings.llm or "none").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown LLM backend {settings.llm!r}; choose one of: {', '.join(BACKENDS)}")
    build = BACKENDS[name]
    if build is None:
        return None
    try:
        return build(settings, context_window, max_tokens, temperature)
    except ImportError as error:
        raise ImportError(f"PARAGRAF_LLM={name} needs the optional packages: pip install -e '.[llm]' ({error})") from error
