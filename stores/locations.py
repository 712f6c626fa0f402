"""The locations where a buyer can see a car or take a test drive, and the hours the agent books against.

Loaded from `stores/data/locations.yaml` (built from the company facts). Hours are published only for some locations;
the others use an operator setting (`default_hours`), which the agent books against but never states as published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from stores.text import compact_key, fold

LOCATIONS_PATH = Path(__file__).parent / "data" / "locations.yaml"
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    city: str
    address: str
    hours: dict[str, tuple[time, time]]
    hours_published: bool = False

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """Opening and closing time on that day, or None when it is closed."""
        return self.hours.get(WEEKDAY_KEYS[day.weekday()])

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "city": self.city, "address": self.address,
                "hours_published": self.hours_published}


@dataclass(frozen=True)
class Locations:
    """Every location, the video-call hours and which cities each city's locations also serve."""

    all: list[Location]
    video_call_hours: dict[str, tuple[time, time]]
    areas: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def folded_names(self) -> dict[str, str]:
        """Each location's name -> its folded form (the grounding check looks for them in every reply)."""
        return {loc.name: fold(loc.name) for loc in self.all}

    @cached_property
    def _name_keys(self) -> list[tuple[Location, str, list[str]]]:
        """(location, its whole name as a key, its distinctive words as keys), for `named_in`."""
        return [(loc, compact_key(loc.name.split("(")[0]),
                 [compact_key(w) for w in loc.name.replace("(", " ").replace(")", " ").split()
                  if len(w) > 4 and fold(w) not in _GENERIC_NAME_WORDS]) for loc in self.all]

    def get(self, location_id: str) -> Location | None:
        return next((loc for loc in self.all if loc.id == location_id), None)

    @property
    def cities(self) -> list[str]:
        return list(dict.fromkeys(loc.city for loc in self.all))

    def in_city(self, city: str | None) -> list[Location]:
        """Locations serving a city ("Zapopan" is served by Guadalajara's); [] when none does."""
        if not city:
            return []
        key = fold(city)
        for served, suburbs in self.areas.items():
            if key in {fold(s) for s in suburbs}:
                key = fold(served)
        return [loc for loc in self.all if fold(loc.city) == key]

    def named_in(self, folded: str) -> Location | None:
        """A location the buyer names ("en Santa Fe", "la de Antara"), by a distinctive word of its name."""
        words = set(compact_key(w) for w in folded.split())
        text = compact_key(folded)
        found = next((loc for loc, whole, _ in self._name_keys if whole and whole in text), None)
        return found or next((loc for loc, _, distinctive in self._name_keys if any(d in words for d in distinctive)),
                             None)


_GENERIC_NAME_WORDS = frozenset({"plaza", "center", "town", "fashion", "punto", "patio", "puerta", "forum", "hall",
                                 "guadalajara", "cuernavaca"})


def _hours(spec: dict[str, str]) -> dict[str, tuple[time, time]]:
    out = {}
    for day, span in spec.items():
        opens, closes = span.split("-")
        out[day] = (time.fromisoformat(opens), time.fromisoformat(closes))
    return out


@lru_cache(maxsize=4)
def load_locations(path: Path = LOCATIONS_PATH) -> Locations:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = _hours(data["default_hours"])
    locations = [Location(id=row["id"], name=row["name"], city=row["city"], address=row["address"],
                          hours=_hours(row["hours"]) if row.get("hours") else default,
                          hours_published=bool(row.get("hours_published")))
                 for row in data["locations"]]
    video = _hours(data["video_call_hours"]) if data.get("video_call_hours") else default
    return Locations(all=locations, video_call_hours=video, areas=data.get("areas") or {})
