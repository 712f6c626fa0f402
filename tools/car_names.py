"""Resolve makes and models as buyers write them ("toyta", "chevy", "jeta") to the catalog's names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from stores.text import compact_key
from stores.catalog import Vocabulary

MAKE_ALIASES: dict[str, str] = {
    "vw": "volkswagen", "volks": "volkswagen", "volkswagen": "volkswagen", "wolkswagen": "volkswagen",
    "chevy": "chevrolet", "chevrolet": "chevrolet", "chevo": "chevrolet",
    "mercedes": "mercedesbenz", "merce": "mercedesbenz", "mb": "mercedesbenz", "benz": "mercedesbenz",
    "mercedesbenz": "mercedesbenz",
    "beemer": "bmw", "bimmer": "bmw", "toyo": "toyota", "nissan": "nissan", "nisan": "nissan",
    "chirey": "chirey", "chery": "chirey", "landrover": "landrover", "alfa": "alfaromeo",
    "mini": "mini", "minicooper": "mini",
}
"""Alias key -> make key; an alias whose make is not in the catalog is ignored."""

MODEL_ALIASES: dict[str, tuple[str, str]] = {
    "vocho": ("volkswagen", "beetle"), "bocho": ("volkswagen", "beetle"),
    "escarabajo": ("volkswagen", "beetle"), "jeta": ("volkswagen", "jetta"),
    "yeta": ("volkswagen", "jetta"), "rav": ("toyota", "rav4"), "i10": ("hyundai", "grandi10"),
}
"""Nickname key -> (make key, model key); used only when that model is in the catalog."""

COMMON_WORDS = frozenset(
    "hola auto autos carro carros coche coches quiero busco tengo tiene tienen tienes para como "
    "entra entre menos mas mejor precio presupuesto enganche anos meses mensual camioneta troca "
    "sedan manual automatico favor gracias cuanto cuesta algo otro otra otros nuevo nueva usado "
    "usada seminuevo modelo marca version color rojo negro blanco gris azul plata verde cual este "
    "esta ese esos esas aqui alla bueno buena buenas tarde noche dias puede puedo quisiera "
    "ciudad credito contado pagar pago pagos mensualidad interes plazo cita visita garantia "
    "kilometros kilometraje familia familiar trabajo grande chico chica pequeno barato barata "
    "caro cara economico segundo primero tercero ultimo dame tenemos hasta desde solo sola "
    "poder sentar marcha martes viernes sabado domingo lunes jueves miercoles pues bien gusta "
    "versus verde sport forte fuerte".split()
)
"""Spanish words that must never be fuzzy-matched to a car name ("entra" is not "Sentra")."""


@dataclass(frozen=True)
class NameMatch:
    make_key: str
    model_key: str | None
    score: float


class CarNames:
    """Exact, alias and fuzzy lookup of makes and models present in one catalog."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    @cached_property
    def _model_index(self) -> dict[str, list[tuple[str, str]]]:
        """model key (also with the make prefixed) -> [(make key, model key)]."""
        index: dict[str, list[tuple[str, str]]] = {}
        for make_key, models in self.vocabulary.models.items():
            for model_key in models:
                for key in {model_key, make_key + model_key}:
                    index.setdefault(key, []).append((make_key, model_key))
        return index

    def make_name(self, make_key: str) -> str:
        return self.vocabulary.makes[make_key]

    def model_name(self, make_key: str, model_key: str) -> str:
        return self.vocabulary.models[make_key][model_key]

    def match_make(self, text: str, *, fuzzy: bool = True) -> str | None:
        """The catalog make key for `text`, or None."""
        key = compact_key(text)
        if not key:
            return None
        if key in self.vocabulary.makes:
            return key
        alias = MAKE_ALIASES.get(key)
        if alias in self.vocabulary.makes:
            return alias
        if fuzzy and _fuzzy_allowed(key):
            hit = _closest(key, list(self.vocabulary.makes))
            return hit
        return None

    def match_model(self, text: str, *, make_key: str | None = None,
                    fuzzy: bool = True) -> tuple[str, str] | None:
        """(make key, model key) for `text`, preferring models of `make_key`; or None."""
        key = compact_key(text)
        if not key:
            return None
        candidates = self._model_index.get(key, [])
        alias = MODEL_ALIASES.get(key)
        if not candidates and alias and alias[1] in self.vocabulary.models.get(alias[0], {}):
            candidates = [alias]
        if not candidates and fuzzy and _fuzzy_allowed(key):
            pool = [k for k in self._model_index if len(k) >= 3]
            hit = _closest(key, pool)
            candidates = self._model_index.get(hit, []) if hit else []
        if make_key:
            same_make = [c for c in candidates if c[0] == make_key]
            candidates = same_make or ([] if make_key in self.vocabulary.models else candidates)
        return candidates[0] if len(candidates) >= 1 else None


def _fuzzy_allowed(key: str) -> bool:
    return len(key) >= 4 and not key.isdigit() and key not in COMMON_WORDS


def _closest(key: str, choices: list[str]) -> str | None:
    """Closest choice within a typo's distance; a different first letter needs a long word."""
    cutoff = 80 if len(key) >= 5 else 85
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    if not found:
        return None
    choice = found[0]
    if choice[0] != key[0] and (len(key) < 7 or found[1] < 88):
        return None
    return choice
