"""Tests for the amount / number parser used on every chat turn."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nodes.understanding.numbers import Amount, find_amounts, parse_amount, words_to_number

# --- parse_amount: the whole message is one amount ---------------------------------------------
PARSE_CASES = [
    # digits and separators
    ("250000", 250000), ("250,000", 250000), ("$250,000", 250000), ("$250,000.00", 250000),
    ("250.000", 250000), ("1,200,000", 1200000), ("1'200,000", 1200000), ("$ 250 000", 250000),
    ("250000.50", 250001), ("$250,000.50", 250001), ("250000.49", 250000),
    ("son 250.000.", 250000),
    # k / mil
    ("250k", 250000), ("250 k", 250000), ("250K", 250000), ("250 mil", 250000), ("250mil", 250000),
    ("1.5k", 1500), ("2.5 mil", 2500), ("30 mil pesos", 30000), ("mil", 1000),
    # millions
    ("1 millon", 1000000), ("un millon", 1000000), ("un millón", 1000000),
    ("1.2 millones", 1200000),
    ("1,2 millones", 1200000), ("1.2m", 1200000), ("2m", 2000000), ("1.5 mdp", 1500000),
    ("2 melones", 2000000), ("millon y medio", 1500000), ("un millon y medio", 1500000),
    ("dos millones y medio", 2500000), ("medio millon", 500000), ("un cuarto de millon", 250000),
    ("tres cuartos de millon", 750000), ("un millon doscientos mil", 1200000),
    ("1 millon 200 mil", 1200000), ("un millon trescientos", 1300000), ("1 millon 200", 1200000),
    ("1.2 millones de pesos", 1200000),
    # words
    ("doscientos cincuenta mil", 250000), ("cien mil", 100000), ("ciento veinte mil", 120000),
    ("quinientos mil", 500000), ("trescientos cincuenta", 350), ("veintidos mil quinientos", 22500),
    ("dos mil diecinueve", 2019), ("seis", 6), ("cuatro anos", 4), ("dieciocho mil", 18000),
    ("treinta y cinco mil", 35000), ("Doscientos Cincuenta Mil", 250000),
    # slang and filler
    ("250 mil varos", 250000), ("300 mil de lana", 300000), ("unos 200 mil", 200000),
    ("como 150k", 150000), ("hasta 300 mil", 300000), ("aprox 250 mil pesos", 250000),
    ("  $250,000 MXN!! ", 250000), ("mas o menos 180 mil", 180000),
    # percent, km, per month, years
    ("20%", 20), ("20 %", 20), ("20 por ciento", 20), ("veinte por ciento", 20),
    ("el 15 porciento", 15), ("20 pct", 20), ("50 mil km", 50000), ("8 mil al mes", 8000),
    ("4 anos", 4), ("a 6 años", 6), ("2019", 2019),
    # not exactly one amount
    ("hola", None), ("quiero un auto", None), ("el segundo", None), ("un par de", None),
    ("mas o menos medio", None), ("entre 200 y 300 mil", None), ("300 mil no 3 millones", None),
    ("quiero un cx5", None), ("cx-5", None), ("tengo un np300 del 2019", None), ("", None),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_amount(text: str, expected: int | None) -> None:
    assert parse_amount(text) == expected


# --- find_amounts: values, flags, units and spans ----------------------------------------------
# (value, matched text, is_money, is_percent, unit)
FIND_CASES = [
    ("$250,000.00", [(250000, "$250,000.00", True, False, None)]),
    ("$ 250 000", [(250000, "$ 250 000", True, False, None)]),
    ("250000", [(250000, "250000", False, False, None)]),
    ("250.000", [(250000, "250.000", True, False, None)]),
    ("1'200,000", [(1200000, "1'200,000", True, False, None)]),
    ("como 150k", [(150000, "150k", True, False, None)]),
    ("30 mil pesos", [(30000, "30 mil pesos", True, False, None)]),
    ("250 mil varos", [(250000, "250 mil varos", True, False, None)]),
    ("300 mil de lana", [(300000, "300 mil de lana", True, False, None)]),
    ("1.2m", [(1200000, "1.2m", True, False, None)]),
    ("2 melones", [(2000000, "2 melones", True, False, None)]),
    ("medio millon", [(500000, "medio millon", True, False, None)]),
    ("seis", [(6, "seis", False, False, None)]),
    ("2019", [(2019, "2019", False, False, None)]),
    ("dos mil diecinueve", [(2019, "dos mil diecinueve", False, False, None)]),
    ("mil", [(1000, "mil", True, False, None)]),
    ("entre 200 y 300 mil", [(200000, "200", True, False, None),
                             (300000, "300 mil", True, False, None)]),
    ("de 1 a 1.5 millones", [(1000000, "1", True, False, None),
                             (1500000, "1.5 millones", True, False, None)]),
    ("200-300k", [(200000, "200", True, False, None), (300000, "300k", True, False, None)]),
    ("entre doscientos y trescientos mil", [(200000, "doscientos", True, False, None),
                                            (300000, "trescientos mil", True, False, None)]),
    ("300 mil no 3 millones", [(300000, "300 mil", True, False, None),
                               (3000000, "3 millones", True, False, None)]),
    ("20%", [(20, "20%", False, True, None)]),
    ("20 %", [(20, "20 %", False, True, None)]),
    ("20 por ciento", [(20, "20 por ciento", False, True, None)]),
    ("veinte por ciento", [(20, "veinte por ciento", False, True, None)]),
    ("el 15 porciento", [(15, "15 porciento", False, True, None)]),
    ("del 10 al 20%", [(10, "10", False, True, None), (20, "20%", False, True, None)]),
    ("50 mil km", [(50000, "50 mil km", False, False, "km")]),
    ("50,000 kms", [(50000, "50,000 kms", False, False, "km")]),
    ("50k km", [(50000, "50k km", False, False, "km")]),
    ("menos de 80 mil kilometros", [(80000, "80 mil kilometros", False, False, "km")]),
    ("8 mil al mes", [(8000, "8 mil al mes", True, False, "per_month")]),
    ("5,000 mensuales", [(5000, "5,000 mensuales", True, False, "per_month")]),
    ("$7,500 por mes", [(7500, "$7,500 por mes", True, False, "per_month")]),
    ("a 12 meses", [(12, "12 meses", False, False, "months")]),
    ("4 anos", [(4, "4 anos", False, False, "years")]),
    ("a 6 años", [(6, "6 años", False, False, "years")]),
    ("a seis anos", [(6, "seis anos", False, False, "years")]),
    ("de 2 a 4 años", [(2, "2", False, False, "years"), (4, "4 años", False, False, "years")]),
    ("cuatro anos", [(4, "cuatro anos", False, False, "years")]),
    ("serie 3", [(3, "3", False, False, None)]),
    ("2.0 turbo", [(2, "2.0", False, False, None)]),
    ("5 puertas", [(5, "5", False, False, None)]),
    ("Tengo $250,000.50 MXN", [(250001, "$250,000.50 MXN", True, False, None)]),
    ("Busco una CX-5 2019 de unos 350 mil, máximo 20% de enganche",
     [(2019, "2019", False, False, None), (350000, "350 mil", True, False, None),
      (20, "20%", False, True, None)]),
]

NEGATIVES = ["quiero un auto", "una camioneta", "uno rojo", "el segundo", "el primero", "tercero",
             "hola", "un par de", "mas o menos medio", "cx5", "cx-5", "np300", "a4", "h-100",
             "4x4", "la 2da", "mi cel 5512345678", "55 1234 5678", "+52 55 1234 5678",
             "521234567890", "mil gracias", "un cuarto", ""]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_amounts(text: str, expected: list[tuple[int, str, bool, bool, str | None]]) -> None:
    got = find_amounts(text)
    assert [(a.value, a.text, a.is_money, a.is_percent, a.unit) for a in got] == expected
    for a in got:
        assert text[a.start:a.end] == a.text


@pytest.mark.parametrize("text", NEGATIVES)
def test_find_amounts_negatives(text: str) -> None:
    assert find_amounts(text) == []


def test_spans_index_raw_text_with_accents_and_case() -> None:
    text = "¿Me lo DEJAS en Un Millón Doscientos mil? y a 6 Años"
    got = find_amounts(text)
    assert [(a.value, a.unit) for a in got] == [(1200000, None), (6, "years")]
    assert got[0].text == "Un Millón Doscientos mil"
    assert got[1].text == "6 Años"
    assert isinstance(got[0], Amount)


def test_amount_is_frozen() -> None:
    amount = find_amounts("250 mil")[0]
    with pytest.raises(AttributeError):
        amount.value = 1  # type: ignore[misc]


@pytest.mark.parametrize(("text", "expected"), [
    ("doscientos cincuenta mil", 250000), ("dos mil diecinueve", 2019), ("mil", 1000),
    ("uno", 1), ("veintiun mil", 21000), ("medio millon", 500000), ("un millon y medio", 1500000),
    ("Ciento Veinte Mil", 120000), ("hola", None), ("200 mil", None), ("un par de", None),
    ("segundo", None), ("", None), ("doscientos pesos", None),
])
def test_words_to_number(text: str, expected: int | None) -> None:
    assert words_to_number(text) == expected


# --- property tests ---------------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=999_999_999))
def test_digit_formats_roundtrip(n: int) -> None:
    for text in (f"{n}", f"{n:,}", f"${n:,}", f"${n:,}.00"):
        assert parse_amount(text) == n, text


@given(st.integers(min_value=1, max_value=999))
def test_k_and_mil_roundtrip(thousands: int) -> None:
    assert parse_amount(f"{thousands}k") == thousands * 1000
    assert parse_amount(f"{thousands} mil") == thousands * 1000


@given(st.integers(min_value=1, max_value=100))
def test_percent_roundtrip(p: int) -> None:
    (amount,) = find_amounts(f"{p}%")
    assert amount.is_percent and amount.value == p and not amount.is_money


_UNITS = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_TEN_TO_29 = ["diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete",
              "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres",
              "veinticuatro", "veinticinco", "veintiseis", "veintisiete", "veintiocho",
              "veintinueve"]
_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta",
         9: "noventa"}
_HUNDREDS = ["", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos",
             "seiscientos", "setecientos", "ochocientos", "novecientos"]


def _below_1000(n: int, before_noun: bool) -> str:
    """Independent reference spelling of 1..999 ("un" instead of "uno" before mil/millones)."""
    hundreds, rest = divmod(n, 100)
    parts = ["cien" if n == 100 else _HUNDREDS[hundreds]] if hundreds else []
    if 0 < rest < 10:
        parts.append(_UNITS[rest])
    elif 10 <= rest < 30:
        parts.append(_TEN_TO_29[rest - 10])
    elif rest:
        tens, units = divmod(rest, 10)
        parts.append(_TENS[tens] + (f" y {_UNITS[units]}" if units else ""))
    words = " ".join(parts)
    return words[:-1] if before_noun and words.endswith("uno") else words


def to_words(n: int) -> str:
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append("un millon" if millions == 1 else f"{_below_1000(millions, True)} millones")
    if thousands:
        parts.append("mil" if thousands == 1 else f"{_below_1000(thousands, True)} mil")
    if units:
        parts.append(_below_1000(units, False))
    return " ".join(parts)


def test_reference_speller() -> None:
    assert to_words(21_031_100) == "veintiun millones treinta y un mil cien"
    assert to_words(1_001_101) == "un millon mil ciento uno"
    assert to_words(250_000) == "doscientos cincuenta mil"


def _colloquial(n: int) -> bool:
    """"un millon trescientos": a bare group right after millones is read as thousands."""
    return n >= 1_000_000 and (n // 1000) % 1000 == 0 and n % 1000 != 0


@settings(max_examples=300)
@given(st.integers(min_value=2, max_value=999_999_999).filter(lambda n: not _colloquial(n)))
def test_words_roundtrip(n: int) -> None:
    words = to_words(n)
    assert parse_amount(words) == n, words
    assert words_to_number(words) == n, words


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_words_after_millions_read_as_thousands(millions: int, group: int) -> None:
    n = millions * 1_000_000 + group
    assert parse_amount(to_words(n)) == millions * 1_000_000 + group * 1000
