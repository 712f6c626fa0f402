"""The car catalog: loads the brief's CSV format into DuckDB and answers typed queries."""

from __future__ import annotations

import csv
import io
import logging
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

from stores.text import compact_key
from stores.vehicle_facts import derive_body_type, derive_features, derive_fuel, derive_transmission

log = logging.getLogger(__name__)

DEFAULT_CATALOG_PATH = Path(__file__).parent / "data" / "catalog.csv"
REQUIRED_COLUMNS = ("stockId", "km", "price", "make", "model", "year", "version")
ANSWER_CACHE_SIZE = 4096
_ACRONYM_MAKES = {"bmw", "mg", "jac", "ram", "seat", "gmc", "byd", "gwm", "baic", "faw", "jmc"}


class CatalogError(ValueError):
    """The catalog file cannot be used."""


@dataclass(frozen=True)
class Car:
    """One car of the catalog; `None` means the file does not say."""

    stock_id: str
    make: str
    model: str
    year: int
    version: str
    km: int
    price: int
    body_type: str | None = None
    transmission: str | None = None
    fuel: str | None = None
    features: tuple[str, ...] = ()
    length_mm: float | None = None
    width_mm: float | None = None
    height_mm: float | None = None

    @property
    def title(self) -> str:
        """"Toyota Corolla 2019"; a model that already names its make stays single ("Mazda 3 2021")."""
        name = self.model if self.model.lower().startswith(self.make.lower()) else f"{self.make} {self.model}"
        return f"{name} {self.year}"

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


_COLUMNS = ("stock_id", "make", "model", "year", "version", "km", "price", "body_type",
            "transmission", "fuel", "features", "length_mm", "width_mm", "height_mm",
            "make_key", "model_key")
_SCHEMA = """
CREATE TABLE cars (
  stock_id VARCHAR PRIMARY KEY, make VARCHAR NOT NULL, model VARCHAR NOT NULL,
  year INTEGER NOT NULL, version VARCHAR NOT NULL, km INTEGER NOT NULL, price BIGINT NOT NULL,
  body_type VARCHAR, transmission VARCHAR, fuel VARCHAR, features VARCHAR[] NOT NULL,
  length_mm DOUBLE, width_mm DOUBLE, height_mm DOUBLE,
  make_key VARCHAR NOT NULL, model_key VARCHAR NOT NULL
)"""
_SELECT = "SELECT " + ", ".join(_COLUMNS[:-2]) + " FROM cars"


@dataclass(eq=False)
class Vocabulary:
    """Canonical makes and models of the loaded catalog, keyed by `compact_key`."""

    makes: dict[str, str] = field(default_factory=dict)
    models: dict[str, dict[str, str]] = field(default_factory=dict)
    """make key -> {model key -> model display name}."""


class Catalog:
    """An in-process DuckDB table of cars, safe to share between threads."""

    def __init__(self, rows: list[dict[str, Any]], source: str = "<memory>",
                 answer_cache_size: int = ANSWER_CACHE_SIZE) -> None:
        self.source = source
        self.answer_cache_size = answer_cache_size
        self._conn = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[str, tuple[Any, ...]], list[Any]] = OrderedDict()
        self._conn.execute(_SCHEMA)
        self._conn.executemany(
            f"INSERT INTO cars VALUES ({', '.join('?' for _ in _COLUMNS)})",
            [tuple(row[c] for c in _COLUMNS) for row in rows],
        )
        self.vocabulary = Vocabulary()
        for row in rows:
            self.vocabulary.makes[row["make_key"]] = row["make"]
            self.vocabulary.models.setdefault(row["make_key"], {})[row["model_key"]] = row["model"]

    @classmethod
    def from_csv(cls, path: str | Path = DEFAULT_CATALOG_PATH) -> Catalog:
        path = Path(path)
        try:
            data = path.read_bytes()
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # spreadsheets often export Windows-1252 ("Sí" as one byte)
            text = data.decode("cp1252", errors="replace")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            raw_rows = [] if missing else list(reader)
        except csv.Error as exc:  # not a CSV at all (a binary file: one endless field)
            raise CatalogError(f"{path}: not a CSV catalog ({exc})") from exc
        if missing:
            raise CatalogError(f"{path}: missing columns {missing}")
        rows = _normalise_rows(raw_rows, str(path))
        if not rows:
            raise CatalogError(f"{path}: no usable rows")
        log.info("catalog.loaded path=%s cars=%d skipped=%d", path, len(rows), len(raw_rows) - len(rows))
        return cls(rows, source=str(path))

    def count(self) -> int:
        return self._fetch("SELECT count(*) FROM cars", [])[0][0]

    def get(self, stock_id: str) -> Car | None:
        rows = self._fetch(f"{_SELECT} WHERE stock_id = ?", [str(stock_id).strip()])
        return _to_car(rows[0]) if rows else None

    def query(self, *, where: list[str], params: list[Any], order_by: str,
              limit: int, offset: int = 0) -> tuple[list[Car], int]:
        """Cars matching all `where` clauses (SQL with ? params), and how many match in total."""
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        sql = (f"SELECT {', '.join(_COLUMNS[:-2])}, count(*) OVER () FROM cars{clause} "
               f"ORDER BY {order_by} LIMIT ? OFFSET ?")
        rows = self._fetch(sql, [*params, limit, offset])
        if rows:
            return [_to_car(r[:-1]) for r in rows], rows[0][-1]
        total = self._fetch(f"SELECT count(*) FROM cars{clause}", params)[0][0] if offset else 0
        return [], total

    def model_counts(self) -> list[tuple[str, str, int]]:
        """(make key, model key, cars in stock), most stocked first."""
        return self._fetch("SELECT make_key, model_key, count(*) AS n FROM cars "
                           "GROUP BY ALL ORDER BY n DESC, make_key, model_key", [])

    def _fetch(self, sql: str, params: list[Any]) -> list[Any]:
        """Rows of a query; the table never changes after loading, so answers are memoised (LRU)."""
        key = (sql, tuple(params))
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
            rows = self._conn.execute(sql, params).fetchall()
            self._answers[key] = rows
            if len(self._answers) > self.answer_cache_size:
                self._answers.popitem(last=False)
            return rows


def _to_car(row: tuple[Any, ...]) -> Car:
    values = dict(zip(_COLUMNS, row))
    values["features"] = tuple(values["features"] or ())
    return Car(**values)


def _normalise_rows(raw_rows: list[dict[str, str]], source: str) -> list[dict[str, Any]]:
    make_names = _canonical_names([r.get("make") or "" for r in raw_rows])
    model_names = _canonical_names([f"{compact_key(r.get('make') or '')}|{r.get('model') or ''}"
                                    for r in raw_rows])
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, raw in enumerate(raw_rows, start=2):
        try:
            row = _normalise_row(raw, make_names, model_names)
        except (ValueError, InvalidOperation) as exc:
            log.warning("catalog.row_skipped source=%s line=%d reason=%s", source, line, exc)
            continue
        if row["stock_id"] in seen:
            log.warning("catalog.row_skipped source=%s line=%d reason=duplicate stockId", source, line)
            continue
        seen.add(row["stock_id"])
        rows.append(row)
    return rows


def _normalise_row(raw: dict[str, str], make_names: dict[str, str],
                   model_names: dict[str, str]) -> dict[str, Any]:
    stock_id = (raw.get("stockId") or "").strip()
    make_key = compact_key(raw.get("make") or "")
    model_raw = raw.get("model") or ""
    model_key = compact_key(model_raw)
    if not stock_id or not make_key or not model_key:
        raise ValueError("empty stockId, make or model")
    version = " ".join((raw.get("version") or "").split())
    model = model_names[compact_key(f"{make_key}|{model_raw}")]
    features = set(derive_features(version, model))
    features |= {name for name, col in (("bluetooth", "bluetooth"), ("carplay", "carPlay"))
                 if _is_yes(raw.get(col))}
    return {
        "stock_id": stock_id,
        "make": make_names[make_key],
        "model": model,
        "year": int(_decimal(raw["year"])),
        "version": version,
        "km": int(_decimal(raw["km"]).to_integral_value(ROUND_HALF_UP)),
        "price": int(_decimal(raw["price"]).to_integral_value(ROUND_HALF_UP)),
        "body_type": derive_body_type(model, version),
        "transmission": derive_transmission(version),
        "fuel": derive_fuel(version),
        "features": sorted(features),
        "length_mm": _optional_float(raw.get("largo")),
        "width_mm": _optional_float(raw.get("ancho")),
        "height_mm": _optional_float(raw.get("altura")),
        "make_key": make_key,
        "model_key": model_key,
    }


def _canonical_names(values: list[str]) -> dict[str, str]:
    """One display spelling per matching key: mixed case wins ("KIA", "Kia" -> "Kia"), then the
    most frequent; an all-caps-only name is title-cased unless it reads as an acronym ("BMW", "CR-V")."""
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    for value in values:
        variants[compact_key(value)][" ".join(value.split("|")[-1].split())] += 1
    names = {}
    for key, counter in variants.items():
        ranked = sorted(counter.items(), key=lambda kv: (not _mixed_case(kv[0]), -kv[1], kv[0]))
        best = ranked[0][0]
        if not _mixed_case(best) and not _acronym(best):
            best = best.title()
        names[key] = best
    return names


def _mixed_case(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return any(c.islower() for c in letters) and any(c.isupper() for c in letters)


def _acronym(name: str) -> bool:
    key = compact_key(name)
    return key in _ACRONYM_MAKES or any(c.isdigit() for c in name) or "-" in name or len(key) <= 3


def _decimal(value: str | None) -> Decimal:
    text = (value or "").strip().replace(",", "").replace("$", "")
    if not text:
        raise ValueError("empty number")
    number = Decimal(text)
    if number < 0:
        raise ValueError(f"negative number {text}")
    return number


def _optional_float(value: str | None) -> float | None:
    try:
        return float(value) if value and value.strip() else None
    except ValueError:
        return None


def _is_yes(value: str | None) -> bool:
    return compact_key(value or "") in {"si", "yes", "true", "1", "x"}
