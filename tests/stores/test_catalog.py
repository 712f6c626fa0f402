"""Catalog loader: the original brief's CSV as-is, messy spellings included."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from stores.catalog import Catalog, CatalogError

BRIEF_CSV = """stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay
243587,77400,461999.0,Volkswagen,Touran,2018,1.4 COMFORTLINE DSG,Sí,4527.0,1829.0,1667.0,
159216,102184,231000.0,KIA,FORTE,2018,2.0 EX AUTO,Sí,,,,Sí
209134,45000,289999.5,Kia,Forte,2019,2.0 LX MT,,4640.0,1800.0,1440.0,
301010,12000,699999.0,Mercedes Benz,Clase C,2021,C 200 SPORT AUTO,Sí,4686.0,1810.0,1442.0,Sí
301011,30000,659999.0,Mercedes  Benz,Clase C,2020,C 180,Sí,,,,
401000,80000,350000.0,Nissan,NP300,2020,2.5 DOBLE CABINA SE MT,,,,,
401001,,350000.0,Nissan,NP300,2020,broken row without km,,,,,
"""


@pytest.fixture
def brief_catalog(tmp_path: Path) -> Catalog:
    path = tmp_path / "catalog.csv"
    path.write_text(BRIEF_CSV, encoding="utf-8")
    return Catalog.from_csv(path)


def test_loads_brief_format_and_normalises_spellings(brief_catalog: Catalog) -> None:
    assert brief_catalog.count() == 6
    assert brief_catalog.vocabulary.makes["kia"] == "Kia"
    assert brief_catalog.vocabulary.models["kia"]["forte"] == "Forte"
    assert brief_catalog.vocabulary.makes["mercedesbenz"] == "Mercedes Benz"
    assert brief_catalog.get("301011").make == "Mercedes Benz"


def test_prices_are_integer_pesos(brief_catalog: Catalog) -> None:
    assert brief_catalog.get("243587").price == 461_999
    assert brief_catalog.get("209134").price == 290_000  # 289999.5 rounds half up


def test_derives_only_what_the_version_says(brief_catalog: Catalog) -> None:
    touran = brief_catalog.get("243587")
    assert touran.transmission == "automatic" and touran.features == ("bluetooth",)
    assert brief_catalog.get("209134").transmission == "manual"
    assert brief_catalog.get("301011").transmission is None
    assert brief_catalog.get("401000").body_type == "pickup"
    assert set(brief_catalog.get("159216").features) == {"bluetooth", "carplay"}


def test_bad_rows_are_skipped_with_a_log_line(tmp_path: Path, caplog) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(BRIEF_CSV, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        catalog = Catalog.from_csv(path)
    assert catalog.get("401001") is None
    assert "catalog.row_skipped" in caplog.text and "line=8" in caplog.text


def test_missing_columns_or_file_fail_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,precio\n1,2\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="missing columns"):
        Catalog.from_csv(bad)
    with pytest.raises(CatalogError, match="cannot read"):
        Catalog.from_csv(tmp_path / "nope.csv")


def test_shipped_catalog_is_large_and_varied(catalog: Catalog) -> None:
    assert catalog.count() >= 300
    assert len(catalog.vocabulary.makes) >= 15


def test_windows_1252_export_loads(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(BRIEF_CSV.encode("cp1252"))
    catalog = Catalog.from_csv(path)
    assert catalog.count() == 6
    assert "bluetooth" in catalog.get("243587").features
