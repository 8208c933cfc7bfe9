"""The parser as LlamaIndex components: a reader and a node parser that yield § nodes with Paragraf's
metadata, and plug into LlamaIndex's own readers, ingestion and indexes."""

from __future__ import annotations

from pathlib import Path

from llama_index.core import Document, MockEmbedding, SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.schema import MetadataMode, NodeRelationship

from index.models import K_BODY, K_DATE, K_DATE_INT, K_NUMBER, K_ORG, K_SOURCE, K_TITLE, SOURCE_KEY_CHARS
from index.nodes import ParagraphNodeParser, ProtocolReader
from index.parse.protocol import content_hash, parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SORMLAND = CORPUS / "sormland-rar-arbetsutskottet-2026-03-04.txt"


def test_the_reader_gives_one_document_per_paragraph_with_its_metadata():
    documents = ProtocolReader().load_data(SORMLAND, extra_info={"archive": "test"})
    assert [d.metadata[K_NUMBER] for d in documents] == list(range(18, 26))
    first = documents[3]
    source_key = content_hash(SORMLAND.read_bytes())[:SOURCE_KEY_CHARS]  # two protocols never share an id
    assert first.id_ == f"samordningsforbundet-rar-i-sormland-arbetsutskottet-2026-03-04-{source_key}-p21"
    assert first.text.startswith("§ 21 Ansökan från regionen, kompletteringar\n")
    assert {k: first.metadata[k] for k in (K_ORG, K_BODY, K_DATE, K_DATE_INT, K_TITLE, K_SOURCE, "archive")} == {
        K_ORG: "Samordningsförbundet RAR i Sörmland", K_BODY: "arbetsutskottet", K_DATE: "2026-03-04", K_DATE_INT: 20260304,
        K_TITLE: "Ansökan från regionen, kompletteringar", K_SOURCE: SORMLAND.name, "archive": "test"}


def test_embedded_text_shows_where_the_paragraph_is_from_but_not_the_technical_keys():
    document = ProtocolReader().load_data(SORMLAND)[3]
    embedded = document.get_content(metadata_mode=MetadataMode.EMBED)
    assert "Samordningsförbundet RAR i Sörmland" in embedded and "2026-03-04" in embedded
    assert "date_int" not in embedded and "decisions" not in embedded and "meeting_id" not in embedded


def test_simple_directory_reader_takes_the_reader_for_any_protocol_format():
    documents = SimpleDirectoryReader(input_files=[str(SORMLAND)], file_extractor={".txt": ProtocolReader()}).load_data()
    assert [d.id_ for d in documents] == [p.id for p in parse_file(SORMLAND).paragraphs]
    assert documents[0].metadata["file_name"] == SORMLAND.name  # the reader's own metadata is kept


def test_the_node_parser_splits_a_protocol_document_and_keeps_the_parents_metadata():
    parent = Document(text=SORMLAND.read_text(encoding="utf-8"), metadata={"file_name": SORMLAND.name, "folder": "corpus"})
    nodes = IngestionPipeline(transformations=[ParagraphNodeParser()]).run(documents=[parent])
    assert [n.node_id for n in nodes] == [p.id for p in parse_file(SORMLAND).paragraphs]
    assert all(n.metadata["folder"] == "corpus" and n.metadata[K_SOURCE] == SORMLAND.name for n in nodes)
    assert nodes[1].relationships[NodeRelationship.SOURCE].node_id == parent.id_
    assert nodes[1].relationships[NodeRelationship.PREVIOUS].node_id == nodes[0].node_id


def test_a_protocol_without_paragraphs_is_one_node(tmp_path):
    (tmp_path / "anteckningar.txt").write_text("Minnesanteckningar från styrelsens planeringsdag. Inga beslut fattades.", encoding="utf-8")
    [node] = ProtocolReader().load_data(tmp_path / "anteckningar.txt")
    assert node.metadata[K_NUMBER] == 0 and "planeringsdag" in node.text


def test_nodes_go_into_a_llamaindex_vector_index_with_their_metadata():
    index = VectorStoreIndex(ProtocolReader().load_data(SORMLAND), embed_model=MockEmbedding(embed_dim=8))
    hits = index.as_retriever(similarity_top_k=8).retrieve("årsredovisning")
    assert {h.node.metadata[K_NUMBER] for h in hits} == set(range(18, 26))
