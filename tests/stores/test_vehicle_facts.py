"""Unit tests for the body, transmission, feature and fuel derivations of stores.vehicle_facts."""

from __future__ import annotations

import pytest

from stores.text import compact_key
from stores.vehicle_facts import (
    AMBIGUOUS_BODY_MODELS,
    BODY_TYPE_BY_MODEL,
    BODY_TYPES,
    THIRD_ROW_MODELS,
    body_type_from_version,
    derive_body_type,
    derive_features,
    derive_fuel,
    derive_transmission,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("CR-V", "crv"),
        ("CX-5", "cx5"),
        ("NP300", "np300"),
        ("Serie 3", "serie3"),
        ("Clase C", "clasec"),
        ("Grand i10", "grandi10"),
        ("León", "leon"),
        ("Mazda 3", "mazda3"),
        ("  MAZDA-3 ", "mazda3"),
        ("Town & Country", "towncountry"),
        ("", ""),
    ],
)
def test_compact_key(name: str, key: str) -> None:
    assert compact_key(name) == key


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.6 ADVANCE AUTO", "automatic"),
        ("2.0 EX CVT", "automatic"),
        ("1.4 COMFORTLINE DSG", "automatic"),
        ("2.0 TURBO GT DCT", "automatic"),
        ("2.0 330I M SPORT STEPTRONIC", "automatic"),
        ("1.4 TFSI S TRONIC", "automatic"),
        ("1.4 TFSI S-TRONIC", "automatic"),
        ("C 200 9G-TRONIC", "automatic"),
        ("1.6 ALLURE EAT6", "automatic"),
        ("2.0 SE AUTOMÁTICO", "automatic"),
        ("2.5 SR DOBLE CABINA TA", "automatic"),
        ("1.6 EX IVT", "automatic"),
        ("1.5 LX MT", "manual"),
        ("1.6 SENSE TM", "manual"),
        ("1.6 ACTIVE ESTÁNDAR", "manual"),
        ("1.6 LIFE MANUAL", "manual"),
        ("1.6 STD", "manual"),
        ("2.0 SPORTAT", None),  # "AT" glued inside another word is not a token
        ("1.5 MATTE EDITION", None),
        ("1.6 SENSE", None),
        ("1.5 STD CVT", None),  # contradictory tokens
        ("", None),
    ],
)
def test_derive_transmission(version: str, expected: str | None) -> None:
    assert derive_transmission(version) == expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("2.5 SR DOBLE CABINA TA", "pickup"),
        ("2.7 CABINA SENCILLA TM", "pickup"),
        ("5.7 V8 BIG HORN CREW CAB AT", "pickup"),
        ("2.5 XL D/CAB MT", "pickup"),
        ("2.5 CHASIS CABINA TM", "pickup"),
        ("1.2 GLS SEDÁN MT", "sedan"),
        ("2.3 ECOBOOST COUPÉ AT", "coupe"),
        ("1.6 EX HB AT", "hatchback"),
        ("1.5 SPORT HATCHBACK CVT", "hatchback"),
        ("1.5 SPORT CVT", None),  # SPORT is a trim, not a body
        ("2.0 COUPE DOBLE CABINA", None),  # contradictory
        ("1.6 ADVANCE AUTO", None),
    ],
)
def test_body_type_from_version(version: str, expected: str | None) -> None:
    assert body_type_from_version(version) == expected


def test_derive_body_type_prefers_version_hint_over_model_table() -> None:
    assert derive_body_type("Mazda 3", "2.5 S GRAND TOURING HB AT") == "hatchback"
    assert derive_body_type("Mazda 3", "2.5 S GRAND TOURING AT") == "sedan"
    assert derive_body_type("Clase C", "2.0 C300 COUPE AT") == "coupe"


def test_derive_body_type_keeps_suv_coupes_as_suv() -> None:
    assert derive_body_type("GLE", "3.0 GLE 450 COUPE AT") == "suv"


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("CR-V", "suv"),
        ("crv", "suv"),
        ("Versa", "sedan"),
        ("VERSA", "sedan"),
        ("Polo", "hatchback"),
        ("Vento", "sedan"),
        ("NP300", "pickup"),
        ("Lobo", "pickup"),
        ("Sienna", "minivan"),
        ("Mustang", "coupe"),
        ("Mazda 3", "sedan"),
        ("MAZDA3", "sedan"),
        ("CX-30", "suv"),
        ("Serie 3", "sedan"),
        ("León", "hatchback"),
        ("Leon", "hatchback"),
        ("Grand i10", "hatchback"),
        ("700", "pickup"),
        ("Mazda CX-5", "suv"),  # make prefix inside the model column
        ("Chevrolet Aveo", "sedan"),
    ],
)
def test_derive_body_type_from_model_table(model: str, expected: str) -> None:
    assert derive_body_type(model, "2.0 AT") == expected


def test_derive_body_type_unknown_model_is_none() -> None:
    assert derive_body_type("Flux Capacitor", "1.6 AUTO") is None
    assert derive_body_type("", "") is None


def test_derive_body_type_uses_make_when_model_is_bare() -> None:
    assert derive_body_type("3", "2.5 I SPORT AT", make="Mazda") == "sedan"
    assert derive_body_type("3", "2.5 I SPORT AT") is None


def test_tables_are_consistent() -> None:
    assert len(BODY_TYPE_BY_MODEL) >= 200
    assert set(BODY_TYPE_BY_MODEL.values()) <= BODY_TYPES
    assert all(key == compact_key(key) for key in BODY_TYPE_BY_MODEL)
    assert BODY_TYPE_BY_MODEL.keys() >= AMBIGUOUS_BODY_MODELS
    assert {"yaris", "rio", "mazda3"} <= AMBIGUOUS_BODY_MODELS
    assert "versa" not in AMBIGUOUS_BODY_MODELS
    assert all(key == compact_key(key) for key in THIRD_ROW_MODELS)


@pytest.mark.parametrize(
    ("version", "model", "expected"),
    [
        ("1.5 SPORT CVT QUEMACOCOS", "City", {"sunroof"}),
        ("2.0 LIMITED TECHO PANORÁMICO AT", "Tucson", {"sunroof"}),
        ("1.4 HIGHLINE QC DSG", "Jetta", {"sunroof"}),
        ("3.5 V6 LIMITED AT 7 PASAJEROS", "Highlander", {"third_row"}),
        ("2.5 SENSE CVT 3 FILAS", "X-Trail", {"third_row"}),
        ("2.0 COMFORTLINE 7 PAS TIPTRONIC", "Tiguan", {"third_row"}),
        ("3.5 XLE AT", "Sienna", {"third_row"}),
        ("1.5 GLX AT", "Ertiga", {"third_row"}),
        ("2.4 SXL AT", "Sorento", set()),  # not standard three rows: the version must say it
        ("1.6 ADVANCE AUTO", "Versa", set()),
        ("1.6 QUEMACOCOS 7 PASAJEROS", "Unknown", {"sunroof", "third_row"}),
        ("5.3 V8 LT 6 PASAJEROS CREW CAB", "Silverado", set()),
    ],
)
def test_derive_features(version: str, model: str, expected: set[str]) -> None:
    assert derive_features(version, model) == expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.8 HIBRIDO CVT", "hybrid"),
        ("2.5 LIMITED HÍBRIDO CVT", "hybrid"),
        ("2.0 E:HEV ADVANCE", "hybrid"),
        ("KONA EV LIMITED", "electric"),
        ("ELÉCTRICO 150 KW", "electric"),
        ("2.8 DIESEL SR DOBLE CABINA TA", "diesel"),
        ("2.0 TDI COMFORTLINE DSG", "diesel"),
        ("2.0 CRDI GLS", "diesel"),
        ("1.6 ADVANCE AUTO", None),  # unknown, not assumed gasoline
        ("2.0 EVOLUTION AT", None),  # "EV" only as a whole token
        ("2.0 HYBRID DIESEL", None),  # contradictory
    ],
)
def test_derive_fuel(version: str, expected: str | None) -> None:
    assert derive_fuel(version) == expected
