"""Tests for the seeded default-catalog generator (stores.catalog_generator)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stores import catalog_generator
from stores.catalog_generator import DEFAULT_OUT, HEADER, SPECS, TRANSMISSION_TOKENS, generate_rows, main
from stores.text import compact_key
from stores.vehicle_facts import derive_body_type, derive_transmission

EXPECTED_HEADER = "stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "catalog.csv"
    assert main(["--seed", "7", "--count", "360", "--out", str(out)]) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_gives_identical_csv(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again.csv"
    main(["--seed", "7", "--out", str(again)])
    assert again.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8")


def test_other_seed_gives_other_catalog(tmp_path: Path, generated: Path) -> None:
    other = tmp_path / "other.csv"
    main(["--seed", "8", "--out", str(other)])
    assert other.read_text(encoding="utf-8") != generated.read_text(encoding="utf-8")


def test_exact_header(generated: Path) -> None:
    assert generated.read_text(encoding="utf-8").splitlines()[0] == EXPECTED_HEADER
    assert ",".join(HEADER) == EXPECTED_HEADER


def test_row_count_and_unique_sorted_stock_ids(generated: Path) -> None:
    rows = _rows(generated)
    assert len(rows) >= 300
    ids = [int(r["stockId"]) for r in rows]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert all(100_000 <= i <= 999_999 for i in ids)


def test_values_parse_and_are_plausible(generated: Path) -> None:
    rows = _rows(generated)
    for row in rows:
        assert 2015 <= int(row["year"]) <= 2024
        price = float(row["price"])
        assert row["price"].endswith(".0")
        assert 80_000 <= price <= 1_500_000
        assert int(price) % 1000 in (0, 999)
        assert int(row["km"]) > 0
        assert row["bluetooth"] in ("Sí", "") and row["carPlay"] in ("Sí", "")
        dims = [row["largo"], row["ancho"], row["altura"]]
        assert all(d == "" for d in dims) or all(float(d) > 1000 for d in dims)
        if row["carPlay"]:
            assert int(row["year"]) >= 2016


def test_every_generated_model_has_a_body_type(generated: Path) -> None:
    for row in _rows(generated):
        assert derive_body_type(row["model"], row["version"]) is not None, row


def test_every_spec_version_has_a_body_and_one_allowed_transmission() -> None:
    for spec in SPECS:
        for entry in spec.versions:
            version = entry.split("@")[0]
            assert derive_body_type(spec.model, version) is not None, (spec.model, version)
            assert derive_transmission(version) is not None, (spec.model, version)
            assert any(token in TRANSMISSION_TOKENS for token in version.split()), version


def test_model_years_stay_in_range() -> None:
    for spec in SPECS:
        assert spec.years, spec
        assert 2015 <= spec.first_year <= spec.last_year <= 2024, spec


def test_coverage_of_models_and_popular_ones(generated: Path) -> None:
    rows = _rows(generated)
    models = [compact_key(r["model"]) for r in rows]
    assert len(set(models)) >= 60
    for popular in ("versa", "jetta", "aveo", "corolla", "np300"):
        assert models.count(popular) >= 2, popular


def test_some_versions_have_no_transmission(generated: Path) -> None:
    unknown = sum(derive_transmission(r["version"]) is None for r in _rows(generated))
    assert 0 < unknown < 60


def test_default_catalog_file_is_reproducible() -> None:
    if not DEFAULT_OUT.exists():
        pytest.skip("default catalog not generated")
    rows = generate_rows(catalog_generator.DEFAULT_SEED, catalog_generator.DEFAULT_COUNT)
    assert _rows(DEFAULT_OUT) == rows
