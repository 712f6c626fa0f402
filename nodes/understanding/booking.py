"""What a message says about an appointment: the kind, the place, what to do with an existing one, a yes or no to
the confirmation, free times asked for, and a name given as a bare answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nodes.understanding.lexicon import AFFIRMATION, words
from stores.locations import Locations
from stores.text import fold

KIND_WORDS = {
    "video_call": words(r"video ?llamada", r"video ?call", "por video", "por zoom", "por meet", "videochat"),
    "test_drive": words("prueba de manejo", r"manejarl[oa]", r"probarl[oa]", "test drive", r"darle una vuelta",
                        r"dar una vuelta", "de prueba", r"manejar(?:lo|la)? un rato"),
    "visit": words(r"verl[oa]", "ir a ver", r"visitarl?[oa]?s?", "visita", r"pasar a ver", "en persona", r"conocerl[oa]",
                   r"checarl[oa]", "ir a la sucursal", "ir a la agencia", "ir a la sede"),
}
CANCEL = words(r"cancel\w*", "ya no voy a (?:poder )?ir", "ya no puedo ir", r"anula\w*", "no voy a ir",
               "quitar la cita", "borra la cita")
RESCHEDULE = words(r"cambi\w* (?:la|mi|de) (?:cita|hora|dia|fecha)", r"reagend\w*", r"mover (?:la|mi) cita",
                   r"recorr\w* (?:la|mi) cita", "otro dia", "otra hora", r"pasar(?:la)? para")
WHEN_IS_MINE = words(r"(?:a que hora|cuando|que dia) (?:era|es|quedo|quedamos|tengo) (?:mi|la) cita",
                     r"mi cita (?:es|era|quedo)", r"(?:cual|como) (?:es|era|quedo) mi cita", "tengo cita",
                     r"a que hora (?:era|es|quedamos)", r"confirma(?:me)? mi cita")
WANTS_TIMES = words(r"(?:que|cuales|q) horarios?", r"a que horas? (?:hay|tienes|tienen|puedo|se puede|me)",
                    r"horarios? (?:disponibles|libres)", r"que horas? (?:hay|tienes|tienen)", "cuando hay lugar",
                    r"que dias? (?:hay|tienes|tienen)", r"a que hora (?:abren|puedo ir)")
DENIAL = words("no", "nel", "mejor no", "todavia no", "aun no", "espera", "dejame pensarlo", "no gracias")
_NAME_ANSWER = re.compile(r"^(?:(?:a )?nombre de |soy |me llamo |mi nombre es )?([a-záéíóúñü]+(?: [a-záéíóúñü]+){0,3})\.?$",
                          re.IGNORECASE)
_NOT_NAMES = frozenset("si no va ok sale gracias hola bueno claro listo perfecto nel simon dale".split())


@dataclass(frozen=True)
class BookingRead:
    kind: str | None = None
    location_id: str | None = None
    cancel: bool = False
    reschedule: bool = False
    asks_mine: bool = False
    wants_times: bool = False
    yes: bool = False
    no: bool = False

    @property
    def anything(self) -> bool:
        return any((self.kind, self.location_id, self.cancel, self.reschedule, self.asks_mine, self.wants_times,
                    self.yes, self.no))


def read_booking(folded: str, locations: Locations) -> BookingRead:
    kind = next((name for name, pattern in KIND_WORDS.items() if pattern.search(folded)), None)
    location = locations.named_in(folded)
    yes = bool(AFFIRMATION.search(folded)) or bool(re.search(r"\b(?:confirm\w*|agend\w*|apart\w*)\b", folded))
    return BookingRead(kind=kind, location_id=location.id if location else None, cancel=bool(CANCEL.search(folded)),
                       reschedule=bool(RESCHEDULE.search(folded)), asks_mine=bool(WHEN_IS_MINE.search(folded)),
                       wants_times=bool(WANTS_TIMES.search(folded)), yes=yes and not DENIAL.search(folded),
                       no=bool(DENIAL.search(folded)) and not yes)


def name_answer(original: str) -> str | None:
    """A bare name given when the agent asked for one ("Ana López", "a nombre de Luis")."""
    match = _NAME_ANSWER.match(original.strip())
    if not match:
        return None
    name = match.group(1)
    if fold(name).split()[0] in _NOT_NAMES:
        return None
    return " ".join(part.capitalize() for part in name.split())
