"""Knowledge base: documents, chunking, atomic builds, hybrid retrieval quality."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from evals.knowledge_eval import SET_PATH, TARGETS, evaluate
from stores.knowledge import DOCS_DIR, KnowledgeBase, KnowledgeError, chunk_doc, load_docs

FACTS = Path(__file__).resolve().parents[3] / "shared" / "knowledge" / "company_facts.md"


def test_documents_parse_and_cover_every_topic() -> None:
    docs = load_docs()
    assert len({d.id for d in docs}) == len(docs) >= 15
    assert {"garantia", "prueba_devolucion", "certificacion", "sedes", "financiamiento", "documentos",
            "auto_a_cuenta", "vender_auto", "app", "compra", "empresa", "aviso"} <= {d.topic for d in docs}
    for doc in docs:
        chunks = [r for r in chunk_doc(doc) if r["kind"] == "chunk"]
        assert chunks and all(r["text"] for r in chunks), doc.id


@pytest.mark.skipif(not FACTS.exists(), reason="shared company facts not available")
def test_every_figure_in_the_documents_is_a_company_fact() -> None:
    facts = FACTS.read_text(encoding="utf-8")
    fact_numbers = set(re.findall(r"\d+(?::\d+)?", facts))
    for doc in load_docs():
        for number in re.findall(r"\d+(?::\d+)?", doc.body):
            assert number in fact_numbers, f"{doc.id}: {number} is not in company_facts.md"


def test_unchanged_documents_are_not_rebuilt(knowledge: KnowledgeBase) -> None:
    report = knowledge.build()
    assert report.rebuilt is False and report.chunks > 0


def test_failed_build_leaves_the_previous_table_usable(tmp_path: Path, knowledge: KnowledgeBase) -> None:
    kb = KnowledgeBase(tmp_path / "kb", embedder=knowledge.embedder)
    kb.build()
    before = kb.search("cuanto dura la garantia")[0].doc_id
    broken = tmp_path / "docs"
    broken.mkdir()
    for path in DOCS_DIR.glob("*.md"):
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "zz_broken.md").write_text("no front matter here", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        kb.build(broken)
    assert kb.search("cuanto dura la garantia")[0].doc_id == before == "warranty"


def test_missing_knowledge_base_says_how_to_build_it(tmp_path: Path, knowledge: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match="kb build"):
        KnowledgeBase(tmp_path / "empty", embedder=knowledge.embedder).search("garantia")


def test_accents_and_topic_filter(knowledge: KnowledgeBase) -> None:
    plain = knowledge.search("garantia", mode="fts")[0].doc_id
    accented = knowledge.search("GARANTÍA", mode="fts")[0].doc_id
    assert plain == accented == "warranty"
    assert {p.topic for p in knowledge.search("donde estan", topic="sedes", k=3)} == {"sedes"}


def test_hybrid_retrieval_meets_the_targets(knowledge: KnowledgeBase) -> None:
    questions = yaml.safe_load(SET_PATH.read_text(encoding="utf-8"))
    assert len(questions) >= 80
    hybrid = evaluate(knowledge, questions, "hybrid")
    assert hybrid.recall_at_3 >= TARGETS["recall@3"]
    assert hybrid.recall_at_1 >= TARGETS["recall@1"]
