"""Resolve makes and models as buyers write them ("toyta", "chevy", "jeta") to the catalog's names."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process
from wordfreq import top_n_list

from stores.catalog import Vocabulary
from stores.text import compact_key

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

OTHER_MAKES: dict[str, str] = {key.replace(" ", ""): key.title() for key in (
    "ferrari lamborghini porsche tesla byd fiat subaru jaguar lexus infiniti acura cadillac lincoln "
    "buick gmc bentley maserati bugatti mclaren genesis cupra opel citroen skoda lada dacia haval "
    "changan geely baic jetour omoda isuzu hummer smart polestar rivian lucid").split()}
OTHER_MAKES.update({"alfaromeo": "Alfa Romeo", "landrover": "Land Rover", "rollsroyce": "Rolls Royce",
                    "astonmartin": "Aston Martin", "greatwall": "Great Wall"})
"""Makes sold in the world: named by a buyer, they are reported as not in the catalog, never guessed."""

KNOWN_MODELS: dict[str, str] = {
    "Nissan": "Tsuru;Sentra;Versa;March;Kicks;X-Trail;NP300;Frontier;Altima;Note;Tiida;Pathfinder;Murano;Juke;"
              "Qashqai;Urvan;Maxima;Leaf;Platina",
    "Chevrolet": "Aveo;Beat;Spark;Sonic;Cruze;Cavalier;Onix;Trax;Tracker;Equinox;Captiva;Traverse;Tahoe;Suburban;"
                 "Silverado;Colorado;S10;Tornado;Malibu;Camaro;Blazer;Groove;Matiz",
    "Volkswagen": "Jetta;Vento;Polo;Gol;Golf;Beetle;Tiguan;Taos;T-Cross;Teramont;Saveiro;Amarok;Passat;CrossFox;"
                  "Touareg;Nivus;Virtus;Bora;Pointer",
    "Toyota": "Corolla;Yaris;Camry;Prius;RAV4;Hilux;Tacoma;Sienna;Avanza;C-HR;Highlander;4Runner;Tundra;Sequoia;"
              "Land Cruiser;Raize;Corolla Cross;Hiace",
    "Honda": "Civic;City;Fit;Accord;CR-V;HR-V;BR-V;Odyssey;Pilot;WR-V",
    "Mazda": "Mazda 2;Mazda 3;Mazda 6;CX-3;CX-30;CX-5;CX-50;CX-9;CX-90;MX-5",
    "Ford": "Figo;Fiesta;Focus;Fusion;Mustang;EcoSport;Escape;Edge;Explorer;Expedition;Ranger;Lobo;F-150;Maverick;"
            "Territory;Bronco;Ikon",
    "Hyundai": "Grand i10;Accent;Elantra;Creta;Tucson;Palisade;HB20;Ioniq;Sonata",
    "Kia": "Rio;Forte;Soul;Seltos;Sportage;Sorento;Carnival;Niro;K3;Sonet;Picanto;Optima",
    "Jeep": "Renegade;Compass;Cherokee;Grand Cherokee;Wrangler;Gladiator;Liberty;Patriot",
    "Dodge": "Attitude;Neon;Journey;Durango;Charger;Challenger;Avenger",
    "RAM": "700;1500;2500;ProMaster",
    "Chrysler": "Pacifica;Town & Country",
    "Mitsubishi": "L200;Mirage;Mirage G4;Outlander;Eclipse Cross;Montero;Lancer",
    "Renault": "Kwid;Logan;Sandero;Stepway;Duster;Oroch;Koleos;Captur;Clio;Megane;Fluence",
    "Suzuki": "Swift;Ciaz;Ertiga;Vitara;Jimny;Ignis;Baleno;S-Cross;XL7",
    "SEAT": "Ibiza;León;Toledo;Arona;Ateca;Tarraco",
    "Peugeot": "208;2008;3008;301;308;5008;Rifter",
    "MG": "MG5;ZS;HS;MG3;RX5",
    "Audi": "A1;A3;A4;A5;A6;Q2;Q3;Q5;Q7;Q8",
    "BMW": "Serie 1;Serie 2;Serie 3;Serie 5;X1;X2;X3;X4;X5;X6",
    "Mercedes Benz": "Clase A;Clase C;Clase E;GLA;GLB;GLC;GLE;CLA",
    "Volvo": "XC40;XC60;XC90;S60",
    "Fiat": "Mobi;Argo;Pulse;Ducato;Palio",
    "Subaru": "Forester;Outback;XV;Impreza",
    "Tesla": "Model 3;Model Y",
    "Acura": "MDX;RDX",
}
"""Models sold in Mexico by make (display spelling). A buyer who names one the loaded catalog lacks gets it
recognised (exact spelling only) and reported as not in stock, never guessed as another car."""

MODEL_ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    "vocho": (("volkswagen", "sedan"), ("volkswagen", "beetle")),
    "bocho": (("volkswagen", "sedan"), ("volkswagen", "beetle")),
    "escarabajo": (("volkswagen", "beetle"), ("volkswagen", "sedan")),
    "jeta": (("volkswagen", "jetta"),), "yeta": (("volkswagen", "jetta"),), "rav": (("toyota", "rav4"),),
    "i10": (("hyundai", "grandi10"),),
}
"""Nickname key -> (make key, model key) in order of preference; the first one in the catalog is used."""

COMMON_WORD_RANKS = {"es": 22000, "en": 8000}
"""The most frequent words of each language (Zipf >= ~3.3 in Spanish, ~4 in English) are never
typo-matched: "donde" is not a misspelt "Dodge", "entra" is not "Sentra"."""
EVERYDAY_WORDS = frozenset(
    "ocupo troca trocas nave naves lana varos feria chamba jale carrito chido padre coupe cupe sedan "
    "hatchback suv pickup minivan camioneta camionetas deportivo automatico automatica manual estandar "
    "carplay bluetooth quemacocos diesel hibrido electrico enganche mensualidad mensualidades".split())
"""Chat slang and car-buying vocabulary: never typo-matched to a car name ("coupe" is not "Cooper")."""


@lru_cache(maxsize=1)
def known_model_index() -> dict[str, tuple[str, str]]:
    """compact key of a known model (also with its make prefixed) -> (make display, model display)."""
    index: dict[str, tuple[str, str]] = {}
    for make, models in KNOWN_MODELS.items():
        for model in models.split(";"):
            for key in (compact_key(model), compact_key(make + model)):
                index.setdefault(key, (make, model))
    return index


@lru_cache(maxsize=4)
def common_words(lang: str | None = None) -> frozenset[str]:
    """Folded frequent words (from `wordfreq`) of one language, or of Spanish and English together,
    plus everyday car-buying words."""
    found = set(EVERYDAY_WORDS)
    for code, count in COMMON_WORD_RANKS.items():
        if lang in (None, code):
            found.update(compact_key(word) for word in top_n_list(code, count))
    return frozenset(found)


def is_common_word(word: str, lang: str | None = None) -> bool:
    return compact_key(word) in common_words(lang)


_RECENT_NAMES: dict[int, CarNames] = {}
RECENT_CATALOGS = 8


def names_for(vocabulary: Vocabulary) -> CarNames:
    """The lookup of one catalog's vocabulary, built once (its model index costs milliseconds)."""
    names = _RECENT_NAMES.get(id(vocabulary))
    if names is None or names.vocabulary is not vocabulary:
        names = CarNames(vocabulary)
        if len(_RECENT_NAMES) >= RECENT_CATALOGS:
            _RECENT_NAMES.pop(next(iter(_RECENT_NAMES)))
        _RECENT_NAMES[id(vocabulary)] = names
    return names


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
            return _closest(key, list(self.vocabulary.makes))
        return None

    def match_model(self, text: str, *, make_key: str | None = None,
                    fuzzy: bool = True) -> tuple[str, str] | None:
        """(make key, model key) for `text`, preferring models of `make_key`; or None."""
        key = compact_key(text)
        if not key:
            return None
        candidates: list[tuple[str, str]] = []
        for form in _singulars(key):  # "versas", "vochos" are asked for as often as "versa"
            candidates = candidates or self._model_index.get(form, [])
            if not candidates:
                candidates = [a for a in MODEL_ALIASES.get(form, ()) if a[1] in self.vocabulary.models.get(a[0], {})][:1]
        if not candidates and fuzzy and _fuzzy_allowed(key):
            pool = [k for k in self._model_index if len(k) >= 3]
            hit = _closest(key, pool)
            candidates = self._model_index.get(hit, []) if hit else []
        if make_key:
            same_make = [c for c in candidates if c[0] == make_key]
            candidates = same_make or ([] if make_key in self.vocabulary.models else candidates)
        return candidates[0] if len(candidates) >= 1 else None


def _singulars(key: str) -> list[str]:
    forms = [key]
    if len(key) > 4 and key.endswith("s") and not key[-2].isdigit():
        forms.append(key[:-1])
        if key.endswith("es"):
            forms.append(key[:-2])
    return forms


def _fuzzy_allowed(key: str) -> bool:
    """Only rare tokens may be typos of a name; "shouldn" (of "shouldn't") is a common word's stem."""
    return len(key) >= 4 and not key.isdigit() and not is_common_word(key) and not (
        key.endswith("n") and is_common_word(key + "t"))


@lru_cache(maxsize=16384)
def phonetic(key: str) -> str:
    """Spanish sound-alike key: b/v, s/z/ce, k/qu/ca, silent h, ll/y and double letters merge
    ("bersa" ~ "versa", "chebrolet" ~ "chevrolet", "coorola" ~ "corolla")."""
    text = key.replace("ll", "y").replace("qu", "k").replace("ch", "%").replace("h", "")
    text = re.sub(r"c(?=[eiy])", "s", text).replace("c", "k").replace("z", "s")
    text = text.replace("v", "b").replace("w", "b").replace("%", "ch")
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=64)
def _sound_index(choices: tuple[str, ...]) -> dict[str, str]:
    by_sound: dict[str, str] = {}
    for choice in choices:
        by_sound.setdefault(phonetic(choice), choice)
    return by_sound


def _closest(key: str, choices: list[str]) -> str | None:
    """Closest choice within a typo's distance, by spelling or by sound; a different first letter
    needs a long word."""
    by_sound = _sound_index(tuple(choices))
    best: tuple[str, float] | None = None
    for probe, pool, lookup in ((key, choices, None), (phonetic(key), list(by_sound), by_sound)):
        cutoff = 80 if len(probe) >= 5 else 85
        found = process.extractOne(probe, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        if not found or (found[0][0] != probe[0] and (len(probe) < 7 or found[1] < 88)):
            continue
        choice = lookup[found[0]] if lookup else found[0]
        if best is None or found[1] > best[1]:
            best = (choice, found[1])
    return best[0] if best else None
