"""Fuzzy matching never fires on ordinary words: none of the most frequent Spanish and English words is read as
a make, a model or a city unless it is one exactly (a property over the whole frequency lists)."""

from __future__ import annotations

import pytest
from wordfreq import top_n_list

from nodes.understanding import DialogContext
from nodes.understanding.lexicon import CITIES
from nodes.understanding.slots import extract
from stores.catalog import Catalog
from stores.text import compact_key, fold
from tools.car_names import OTHER_MAKES, CarNames

TOP = 5000


@pytest.fixture(scope="module")
def names(catalog: Catalog) -> CarNames:
    return CarNames(catalog.vocabulary)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_frequent_words_never_fuzzy_match_a_car_or_a_city(names: CarNames, lang: str) -> None:
    cities = {compact_key(city) for city in CITIES}
    offenders = []
    for word in top_n_list(lang, TOP):
        folded = fold(word)
        exact = names.match_make(folded, fuzzy=False) or names.match_model(folded, fuzzy=False)
        if exact or compact_key(folded) in cities | set(OTHER_MAKES) or len(compact_key(folded)) < 2:
            continue  # the word is a name itself ("rio", "leon"): matched exactly, never by similarity
        if names.match_make(folded) or names.match_model(folded):
            offenders.append(word)
            continue
        found = extract(f"quiero {folded}", DialogContext(), names, finance_context=False, booking_context=False)
        if {"make", "model", "city"} & set(found.slots):
            offenders.append(word)
    assert not offenders, offenders[:50]
