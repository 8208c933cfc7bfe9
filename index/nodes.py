"""Paragraf's protocol parser as LlamaIndex components, so protocols plug into any LlamaIndex pipeline.

- `ProtocolReader` reads a protocol file (.txt, .md, .pdf, .docx) into one Document per §; use it
  alone or as `SimpleDirectoryReader(..., file_extractor={".pdf": ProtocolReader(), ...})`.
- `ParagraphNodeParser` splits protocol Documents that are already loaded as text (by any reader)
  into § nodes, the parent's metadata kept.

Every node carries the metadata keys of index/models.py and the § id as its node id; the keys that
are bulky or technical stay out of the embedded text and out of what a language model sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from llama_index.core.node_parser.interface import NodeParser
from llama_index.core.readers.base import BaseReader
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode

from index.models import (EXCLUDED_FROM_EMBEDDING, WHOLE_TEXT_TITLE, K_DECISIONS, K_MEETING, K_ORDINAL, K_SOURCE, Meeting,
                          paragraph_metadata)
from index.parse.protocol import parse_file, parse_text, searchable_paragraphs


def paragraph_nodes(meeting: Meeting, node_class: type[TextNode] = TextNode) -> list[TextNode]:
    """One node per § (one unnumbered node for a protocol without §), text headed by '§ N Titel'."""
    nodes = []
    for ordinal, p in enumerate(searchable_paragraphs(meeting)):
        metadata = paragraph_metadata(p.id, meeting.organisation, meeting.body, meeting.date, p.number, p.title,
                                      meeting.source_file, p.label)
        metadata |= {K_DECISIONS: json.dumps(p.decisions, ensure_ascii=False), K_MEETING: meeting.id, K_ORDINAL: ordinal}
        text = f"§ {p.label} {p.title}\n{p.text}" if p.label else (f"{p.title}\n{p.text}" if p.title != WHOLE_TEXT_TITLE else p.text)
        nodes.append(node_class(id_=p.id, text=text, metadata=metadata, excluded_embed_metadata_keys=list(EXCLUDED_FROM_EMBEDDING),
                                excluded_llm_metadata_keys=list(EXCLUDED_FROM_EMBEDDING)))
    return nodes


class ProtocolReader(BaseReader):
    """A protocol file -> one Document per §. A file that cannot be read raises UnreadableFile with the reason."""

    def load_data(self, file: Path | str, extra_info: dict | None = None, **_: Any) -> list[Document]:
        documents = paragraph_nodes(parse_file(Path(file)), Document)
        for document in documents:
            document.metadata = {**(extra_info or {}), **document.metadata}
        return documents


class ParagraphNodeParser(NodeParser):
    """Protocol Documents -> § nodes. The source file name is the Document's 'file_name' (as
    SimpleDirectoryReader sets it) or its 'source_file'; the § metadata wins over the parent's."""

    def _parse_nodes(self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for node in nodes:
            name = node.metadata.get("file_name") or node.metadata.get(K_SOURCE) or node.node_id
            for child in paragraph_nodes(parse_text(node.get_content(), source_file=str(name))):
                child.relationships[NodeRelationship.SOURCE] = node.as_related_node_info()
                out.append(child)
        return out
