"""Honest lookup tables and derivations for facts the catalog CSV does not carry."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stores.text import compact_key, fold, tokens

BODY_TYPES: frozenset[str] = frozenset({"sedan", "suv", "hatchback", "pickup", "minivan", "coupe"})


# Human-readable model names per body type (Mexican market, roughly 2010-2024).
# Keys are normalised at import time; a name listed under two bodies raises.
# Convertibles/roadsters are filed as "coupe" and passenger vans as "minivan"
# because those are the closest bodies in BODY_TYPES.
_MODELS_BY_BODY: dict[str, tuple[str, ...]] = {
    "sedan": (
        # Nissan
        "Versa", "V-Drive", "Sentra", "Tiida", "Tsuru", "Platina", "Aprio", "Almera", "Altima", "Maxima",
        # Volkswagen (the "Sedán" is the classic Beetle, sold in Mexico until 2003)
        "Vento", "Virtus", "Jetta", "Bora", "Clásico", "Jetta Clásico", "Passat", "CC", "Passat CC", "Arteon",
        "Sedán",
        # Chevrolet
        "Aveo", "Onix", "Sonic", "Cruze", "Cavalier", "Malibu", "Impala", "Optra",
        # Toyota / Lexus
        "Corolla", "Yaris", "Yaris Sedán", "Yaris R", "Camry", "Avalon", "IS", "ES", "GS", "LS",
        # Honda / Acura
        "City", "Civic", "Accord", "Insight", "ILX", "TLX", "TSX", "TL", "RLX",
        # Mazda
        "Mazda 2", "Mazda 3", "Mazda 6",
        # Kia / Hyundai
        "Rio", "Forte", "K3", "Optima", "K5", "Stinger", "Accent", "Elantra", "Sonata",
        # Ford
        "Figo", "Fiesta", "Focus", "Fusion", "Ikon", "Mondeo",
        # Renault / Peugeot
        "Logan", "Fluence", "Scala", "301", "508",
        # SEAT / Suzuki / Mitsubishi
        "Toledo", "Ciaz", "Dzire", "Kizashi", "Lancer", "Mirage G4",
        # German premium
        "Serie 2", "Serie 3", "Serie 5", "Serie 7", "i4",
        "Clase C", "Clase E", "Clase S", "CLA", "CLS",
        "A3", "A4", "A6", "A7", "A8",
        # Stellantis
        "Attitude", "Vision", "Neon", "Dart", "Avenger", "Charger", "200", "300", "Cronos", "Linea", "Giulia",
        # Chinese makes
        "MG5", "MG GT", "J7", "J4", "Arrizo 5", "Arrizo 8", "Alsvin", "Seal", "Han", "King", "Qin",
        # Other premium
        "S40", "S60", "S90", "MKZ", "MKS", "Continental", "ATS", "CTS", "CT4", "CT5", "XTS",
        "Regal", "LaCrosse", "Verano", "Q50", "Q70", "G37", "Legacy", "WRX", "Impreza",
        "Model 3", "Model S", "Panamera", "Taycan",
    ),
    "hatchback": (
        "March", "Note", "Micra", "Leaf",
        "Gol", "Polo", "up!", "Golf", "Beetle", "CrossFox", "Lupo", "SportVan", "ID.3",
        "Spark", "Matiz", "Beat", "Chevy", "Bolt", "Volt",
        "Prius", "Prius C", "Yaris Hatchback", "Fit", "CR-Z",
        "Mazda 2 Hatchback", "Mazda 3 Sport",
        "Grand i10", "i10", "HB20", "Ioniq", "Veloster", "Soul", "Picanto",
        "Ka", "Kwid", "Twingo", "Clio", "Sandero", "Stepway", "Megane",
        "Ibiza", "León", "Altea", "Born",
        "Swift", "Ignis", "Baleno", "Celerio", "Mirage",
        "208", "308", "206", "207",
        "Serie 1", "i3", "Clase A", "Clase B", "A1",
        "Cooper", "Cooper S", "Clubman", "Hatch",
        "Caliber", "PT Cruiser", "Mobi", "Uno", "Palio", "Argo", "500", "500L",
        "Giulietta", "MiTo", "C30", "V40",
        "Dolphin", "Dolphin Mini", "E10X", "MG3", "MG4", "Ora 03",
    ),
    "suv": (
        # Nissan / Infiniti
        "Kicks", "Juke", "Qashqai", "X-Trail", "Rogue", "Murano", "Pathfinder", "Armada", "Xterra",
        "QX30", "QX50", "QX55", "QX60", "QX70", "QX80",
        # Volkswagen
        "T-Cross", "Nivus", "Taos", "Tiguan", "Teramont", "Cross Sport", "Touareg", "ID.4",
        # Chevrolet / GMC / Cadillac / Buick
        "Trax", "Tracker", "Groove", "Captiva", "Captiva Sport", "Equinox", "Blazer", "Trailblazer",
        "Traverse", "Tahoe", "Suburban", "Terrain", "Acadia", "Yukon", "Escalade", "SRX",
        "XT4", "XT5", "XT6", "Encore", "Encore GX", "Envision", "Enclave",
        # Toyota / Lexus
        "Raize", "C-HR", "Corolla Cross", "RAV4", "Highlander", "4Runner", "Sequoia", "Land Cruiser",
        "FJ Cruiser", "Rush", "bZ4X", "UX", "NX", "RX", "GX", "LX",
        # Honda / Acura
        "HR-V", "WR-V", "CR-V", "Pilot", "RDX", "MDX", "ZDX",
        # Mazda
        "CX-3", "CX-30", "CX-5", "CX-50", "CX-7", "CX-9", "CX-90",
        # Kia / Hyundai
        "Sonet", "Seltos", "Niro", "Sportage", "Sorento", "EV6", "Telluride",
        "Venue", "Creta", "Kona", "Tucson", "Santa Fe", "Palisade", "Ioniq 5",
        # Ford / Lincoln
        "EcoSport", "Escape", "Edge", "Explorer", "Expedition", "Bronco", "Bronco Sport", "Territory",
        "Mustang Mach-E", "MKC", "MKX", "MKT", "Nautilus", "Corsair", "Aviator", "Navigator",
        # Renault / Peugeot
        "Duster", "Captur", "Koleos", "2008", "3008", "5008",
        # SEAT / Cupra
        "Arona", "Ateca", "Tarraco", "Formentor",
        # Suzuki / Mitsubishi
        "Vitara", "Grand Vitara", "S-Cross", "SX4", "Jimny", "XL7", "Fronx",
        "ASX", "Eclipse Cross", "Outlander", "Outlander Sport", "Montero", "Montero Sport",
        # German premium
        "X1", "X2", "X3", "X4", "X5", "X6", "X7", "iX",
        "GLA", "GLB", "GLC", "GLE", "GLK", "GLS", "Clase G", "Clase ML", "EQA",
        "Q2", "Q3", "Q5", "Q7", "Q8", "e-tron",
        "Countryman", "Paceman",
        # Jeep / Dodge / Fiat / Alfa
        "Renegade", "Compass", "Patriot", "Liberty", "Cherokee", "Grand Cherokee", "Grand Cherokee L",
        "Wrangler", "Commander", "Journey", "Durango", "Nitro", "Pulse", "Fastback", "500X",
        "Stelvio", "Tonale",
        # Volvo / Land Rover / Porsche / Subaru / Tesla
        "XC40", "XC60", "XC90", "EX30", "Range Rover", "Range Rover Sport", "Range Rover Evoque",
        "Range Rover Velar", "Evoque", "Velar", "Discovery", "Discovery Sport", "Defender", "Freelander",
        "Macan", "Cayenne", "XV", "Crosstrek", "Forester", "Outback", "Ascent", "Model X", "Model Y",
        # Chinese makes
        "Tiggo 2", "Tiggo 2 Pro", "Tiggo 3", "Tiggo 4", "Tiggo 4 Pro", "Tiggo 7", "Tiggo 7 Pro",
        "Tiggo 8", "Tiggo 8 Pro", "Omoda 5", "Sei2", "Sei3", "Sei4", "Sei4 Pro", "Sei6", "Sei7",
        "MG ZS", "ZS", "ZS EV", "MG HS", "HS", "RX5", "RX8", "MG One", "Marvel R",
        "CS35 Plus", "CS55 Plus", "Uni-T", "Uni-K", "Haval Jolion", "Jolion", "Haval H6", "H6",
        "Coolray", "X25", "X35", "X55", "GS3", "GS4", "GS8", "Emkoo", "X70",
        "Song Plus", "Song Pro", "Yuan Plus", "Tang",
    ),
    "pickup": (
        "NP300", "NP300 Frontier", "Frontier", "Titan", "Saveiro", "Amarok",
        "Silverado", "Cheyenne", "Colorado", "S10", "S10 Max", "Tornado",
        "Hilux", "Tacoma", "Tundra", "Ridgeline",
        "Ranger", "Lobo", "F-150", "F-250", "Super Duty", "Maverick", "Courier",
        "Oroch", "Alaskan", "Landtrek", "BT-50", "L200", "Strada", "Gladiator",
        "700", "1200", "1500", "2500", "4000", "RAM 700", "RAM 1200", "RAM 1500", "RAM 2500", "RAM 4000",
        "Sierra", "Canyon", "Frison T6", "Frison T8", "Frison T9", "Poer", "Wingle", "Tunland", "Hunter",
    ),
    "minivan": (
        "Avanza", "Sienna", "Hiace", "Odyssey", "Ertiga", "BR-V", "Mazda 5", "Orlando",
        "Sedona", "Carnival", "Starex", "Grand Caravan", "Town & Country", "Pacifica",
        "Routan", "Kangoo", "Rifter", "Partner", "Urvan", "Quest",
    ),
    "coupe": (
        "Mustang", "Camaro", "Corvette", "Challenger", "370Z", "GT-R", "Eclipse",
        "86", "GR86", "Supra", "BRZ", "MX-5", "RCZ", "TT", "A5", "Serie 4", "Serie 6", "Serie 8", "Z4",
        "SLK", "SLC", "Q60", "RC", "NSX", "911", "Cayman", "718", "Boxster",
    ),
}

# Model names sold here in more than one body; the table holds the most common one.
AMBIGUOUS_BODY_MODELS: frozenset[str] = frozenset(
    {
        "yaris", "rio", "mazda2", "mazda3", "civic", "city", "figo", "fiesta", "focus", "grandi10",
        "accent", "gol", "beat", "tiida", "chevy", "forte", "megane", "impreza", "hb20", "veloster",
        "serie1", "serie2", "serie4", "clasea", "clasec", "clasee", "a3", "a5", "beetle", "soul",
        "cooper", "clio", "i10",
    }
)

# Models sold in Mexico with three seat rows as standard in every version.
THIRD_ROW_MODELS: frozenset[str] = frozenset(
    {
        "sienna", "odyssey", "avanza", "ertiga", "brv", "xl7", "highlander", "sequoia", "pilot", "mdx",
        "tahoe", "suburban", "yukon", "escalade", "traverse", "enclave", "xt6", "explorer", "expedition",
        "aviator", "navigator", "armada", "pathfinder", "qx60", "qx80", "palisade", "telluride",
        "durango", "grandcherokeel", "pacifica", "townandcountry", "towncountry", "grandcaravan",
        "sedona", "carnival", "cx9", "cx90", "teramont", "xc90", "gls", "x7", "5008",
        "tiggo8", "tiggo8pro",
    }
)

_KNOWN_MAKES: tuple[str, ...] = (
    "volkswagen", "vw", "nissan", "chevrolet", "toyota", "honda", "mazda", "kia", "hyundai", "ford",
    "seat", "cupra", "renault", "suzuki", "mitsubishi", "peugeot", "bmw", "mercedesbenz", "mercedes",
    "audi", "mg", "jeep", "dodge", "ram", "chirey", "chery", "jac", "volvo", "mini", "fiat", "chrysler",
    "gmc", "buick", "cadillac", "lincoln", "acura", "infiniti", "lexus", "subaru", "tesla", "byd",
)


def _build_body_table(models_by_body: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Normalise the human-readable table, refusing a model filed under two bodies."""
    table: dict[str, str] = {}
    for body, names in models_by_body.items():
        for name in names:
            key = compact_key(name)
            if table.get(key, body) != body:
                raise ValueError(f"model {name!r} filed as both {table[key]} and {body}")
            table[key] = body
    return table


BODY_TYPE_BY_MODEL: dict[str, str] = _build_body_table(_MODELS_BY_BODY)


def _version_text(version: str) -> str:
    """Upper-case, accent-free version text with single spaces as the only separators."""
    return " ".join(tokens(fold(version or ""))).upper()


def _tokens(version: str) -> list[str]:
    text = _version_text(version)
    return text.split(" ") if text else []


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    padded = f" {text} "
    return any(f" {phrase} " in padded for phrase in phrases)


_PICKUP_PHRASES = (
    "DOBLE CABINA", "DOBLE CAB", "CABINA SENCILLA", "CABINA REGULAR", "CABINA Y MEDIA", "CREW CAB",
    "CREWCAB", "QUAD CAB", "CLUB CAB", "REGULAR CAB", "D CAB", "DCAB", "CHASIS", "ESTACAS",
)
_BODY_HINTS: dict[str, tuple[str, ...]] = {
    "pickup": _PICKUP_PHRASES,
    "sedan": ("SEDAN", "NOTCHBACK"),
    "coupe": ("COUPE",),
    "hatchback": ("HATCHBACK", "HATCH", "HB"),
}


def body_type_from_version(version: str) -> str | None:
    """Body type stated by the version text itself, or None when absent or contradictory."""
    text = _version_text(version)
    found = {body for body, phrases in _BODY_HINTS.items() if _has_phrase(text, phrases)}
    return found.pop() if len(found) == 1 else None


def lookup_body_type(model: str, make: str | None = None) -> str | None:
    """Body type from the model table, also trying "make + model" and a stripped make prefix."""
    key = compact_key(model)
    if not key:
        return None
    candidates = [key]
    if make:
        candidates.append(compact_key(make) + key)
    candidates += [key[len(mk):] for mk in _KNOWN_MAKES if key.startswith(mk) and len(key) > len(mk)]
    for candidate in candidates:
        if candidate in BODY_TYPE_BY_MODEL:
            return BODY_TYPE_BY_MODEL[candidate]
    return None


def derive_body_type(model: str, version: str, make: str | None = None) -> str | None:
    """Version hint first, then the model table; None when neither is certain.

    A "COUPE" version of a model filed as SUV (GLE Coupé, X6...) stays an SUV.
    """
    hint = body_type_from_version(version)
    table_body = lookup_body_type(model, make)
    if hint == "coupe" and table_body == "suv":
        return "suv"
    return hint or table_body


_AUTO_TOKENS: frozenset[str] = frozenset(
    {
        "AUTO", "AUT", "AUTOMATIC", "AUTOMATICO", "AUTOMATICA", "AT", "TA", "CVT", "DCT", "DSG",
        "TIPTRONIC", "STEPTRONIC", "STRONIC", "MULTITRONIC", "POWERSHIFT", "XTRONIC", "IVT", "EDC",
        "EAT", "PDK",
    }
)
_MANUAL_TOKENS: frozenset[str] = frozenset({"MT", "TM", "MANUAL", "STD", "ESTANDAR"})
_GEARS_AUTO = re.compile(r"^(\d(AT|DCT|DSG|CVT)|(AT|EAT|DCT|DSG)\d)$")  # 6AT, EAT8, DSG7...
_GEARS_MANUAL = re.compile(r"^(\dMT|MT\d)$")  # 5MT, MT6


def _is_auto_token(tokens: list[str], index: int) -> bool:
    token = tokens[index]
    if token in _AUTO_TOKENS or _GEARS_AUTO.match(token):
        return True
    # "S TRONIC", "S-TRONIC", "7G-TRONIC", "9G-TRONIC"
    return token == "TRONIC" and index > 0 and re.fullmatch(r"S|\d?G", tokens[index - 1]) is not None


def derive_transmission(version: str) -> str | None:
    """'automatic' / 'manual' from whole version tokens; None if absent or contradictory."""
    tokens = _tokens(version)
    automatic = any(_is_auto_token(tokens, i) for i in range(len(tokens)))
    manual = any(t in _MANUAL_TOKENS or _GEARS_MANUAL.match(t) for t in tokens)
    if automatic == manual:
        return None
    return "automatic" if automatic else "manual"


_SUNROOF_TOKENS = frozenset({"QUEMACOCOS", "SUNROOF", "MOONROOF", "QC", "TECHO", "PANORAMICO"})
_THIRD_ROW_PATTERNS = (
    re.compile(r"\b[78] ?PAS(AJEROS|AJ)?\b"),
    re.compile(r"\b[78] ?ASIENTOS\b"),
    re.compile(r"\b3 ?FILAS\b"),
    re.compile(r"\bTERCERA FILA\b"),
)


def derive_features(version: str, model: str) -> set[str]:
    """Features the version text (or an always-three-row model) honestly states."""
    text = _version_text(version)
    features: set[str] = set()
    if _SUNROOF_TOKENS.intersection(text.split(" ")):
        features.add("sunroof")
    if any(p.search(text) for p in _THIRD_ROW_PATTERNS) or compact_key(model) in THIRD_ROW_MODELS:
        features.add("third_row")
    return features


_FUEL_TOKENS: dict[str, frozenset[str]] = {
    "hybrid": frozenset({"HIBRIDO", "HIBRIDA", "HYBRID", "HEV", "PHEV", "MHEV"}),
    "electric": frozenset({"EV", "BEV", "ELECTRICO", "ELECTRICA", "ELECTRIC"}),
    "diesel": frozenset(
        {"DIESEL", "TURBODIESEL", "TDI", "CRDI", "DSL", "TDCI", "DCI", "HDI", "BLUEHDI", "CDI", "D4D", "BLUETEC"}
    ),
}


def derive_fuel(version: str) -> str | None:
    """'hybrid', 'electric' or 'diesel' when the version says so; None means unknown."""
    tokens = set(_tokens(version))
    found = {fuel for fuel, words in _FUEL_TOKENS.items() if tokens & words}
    return found.pop() if len(found) == 1 else None
