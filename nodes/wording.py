"""Every sentence the agent says, in Mexican Spanish, and the number formats it uses."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from stores.catalog import Car
from tools.financing import FINANCING_ERROR_MESSAGES

GREETING = ("¡Hola! 👋 Soy tu asesor virtual de autos seminuevos. Te ayudo a encontrar auto, "
            "calcular tu financiamiento y resolver dudas. ¿Qué tipo de auto buscas y cuál es tu presupuesto?")
GREETING_AGAIN = "¡Hola de nuevo! ¿Seguimos con tu búsqueda? Dime qué te gustaría ver."
FAREWELL = "¡Gracias a ti! Aquí estoy cuando quieras seguir viendo autos o números. ¡Que tengas excelente día! 🚗"
OUT_OF_SCOPE = ("Eso se me escapa 😅. Yo te ayudo con autos del catálogo, financiamiento y dudas de la compra. "
                "¿Buscas algún auto en particular?")
INJECTION = ("Solo puedo darte los precios y condiciones reales del catálogo, no los puedo cambiar. "
             "Con gusto te ayudo a encontrar un auto que te quede o a calcular un financiamiento. 🙂")
EMPTY_INPUT = "No me llegó texto 🤔. Escríbeme qué auto buscas o tu duda y te ayudo."
MEDIA_NOTE = "Recibí tu {kind}; por ahora solo leo texto y notas de voz, así que te respondo a lo que escribiste."
MEDIA_ONLY = ("Recibí tu {kind}; por ahora solo puedo leer texto y notas de voz 🙏. ¿Me escribes o me mandas un audio "
              "con el auto que buscas o tu duda?")
MEDIA_KINDS = {"image": "foto", "video": "video", "audio": "audio"}
"""How the buyer's attachment is named, by the first part of its content type (anything else: "archivo")."""
VOICE_HEARD = "Entendí: *{text}*. Si escuché mal, corrígeme."
VOICE_NO_SPEECH = "No alcancé a escucharte en la nota de voz 🙉. ¿Me la mandas de nuevo o me lo escribes?"
VOICE_TOO_LONG = ("Tu nota de voz está un poco larga para mí (hasta {minutes} de duración). ¿Me mandas una más corta "
                  "o me lo escribes?")
VOICE_UNREADABLE = "No pude abrir tu nota de voz 😕. ¿Me la mandas de nuevo o me lo escribes, por favor?"
VOICE_BUSY = "Ahorita tengo varias notas de voz en fila. ¿Me lo escribes, por favor? Así te respondo más rápido."
HOLDING = "Dame un momento, estoy revisando la información y te escribo enseguida. 🙌"
TRY_AGAIN = "Tuvimos un problema técnico de nuestro lado. ¿Me lo mandas de nuevo en un momento, por favor? 🙏"
RATE_LIMITED = ("Me llegaron muchos mensajes seguidos y no alcancé a leer los últimos. "
                "¿Me das un minuto y me vuelves a escribir lo que necesitas, por favor? 🙏")
LONG_INPUT_NOTE = "Tu mensaje era muy largo, así que leí solo la primera parte."
KB_UNAVAILABLE = ("Ahorita no tengo a la mano la información de la empresa para responderte sin inventar. "
                  "Un asesor te la puede confirmar. Mientras, te ayudo con autos y financiamiento.")
NO_DATA = ("No tengo ese dato ({what}), y prefiero no adivinar. Un asesor de la empresa te lo puede "
           "confirmar.")
CLARIFY = "Quiero entenderte bien 🙂 ¿Quieres *{first}* o *{second}*?"
IDENTITY = "Soy un asistente virtual (un bot), no una persona."
UNKNOWN_NAMES = {"insurance": "seguros", "fees": "comisiones o cargos", "cat": "el CAT",
                 "phone": "teléfonos o correos de contacto", "safety": "el equipo de seguridad de cada auto",
                 "prices_of_services": "precios de servicios o de la garantía extendida"}
NO_SEDE_IN_CITY = "En {city} no tengo registrada una sede. Te comparto dónde sí estamos:"
COMPANY_FOLLOW_UP = "¿Seguimos con tu búsqueda donde nos quedamos?"
COMPANY_OFFER = "¿Te ayudo a encontrar auto o a calcular un financiamiento?"
HANDOFF = ("Listo, le pedí a un asesor que continúe esta conversación por este mismo chat. Te escribirá en cuanto "
           "esté disponible; mientras tanto yo ya no responderé aquí.")
HANDOFF_MISUNDERSTOOD = ("Perdón, no te estoy entendiendo bien. Le pedí a un asesor que continúe esta conversación por "
                         "este mismo chat; te escribirá en cuanto esté disponible.")

QUESTIONS: dict[str, str] = {
    "budget_max": "¿Cuál es tu presupuesto aproximado? Así te muestro lo que mejor te queda.",
    "stock_id": "¿Cuál de los autos que te mostré te interesa? Dime el número de la lista (por ejemplo, *el segundo*).",
    "car_price": ("¿Qué auto te gustaría financiar? Elige uno del catálogo o dime su precio "
                  "y te calculo las mensualidades."),
    "down_payment": "¿Cuánto darías de enganche? Puede ser un monto en pesos o un porcentaje del precio.",
    "term_years": "¿A cuántos años lo quieres? Manejamos plazos de 3 a 6 años.",
}

FINANCING_ERRORS = FINANCING_ERROR_MESSAGES
ISSUES: dict[str, str] = {
    "term_not_whole_years": "Los plazos son en años completos: 36, 48, 60 o 72 meses.",
    "unknown_stock_id": "No encontré ese número de stock en el catálogo.",
    "bad_reference": "No tengo un auto con ese número en la lista que te mostré.",
    "bad_date": "Esa fecha no me cuadra, ¿me la confirmas?",
    "bad_time": "Esa hora no me cuadra, ¿me la confirmas?",
    "implausible_price": "Ese monto se me hace muy bajo para un auto. ¿Me confirmas la cantidad?",
    "term_out_of_range": "Ese plazo no lo manejamos.",
    "fuel_filter_unavailable": ("Todavía no puedo filtrar por tipo de motor (híbrido, eléctrico o diésel); en los "
                                "detalles de cada auto te digo el motor cuando la versión lo indica."),
}

BODY_NAMES = {"sedan": "sedán", "suv": "SUV", "hatchback": "hatchback", "pickup": "pickup",
              "minivan": "minivan", "coupe": "coupé"}
TRANSMISSION_NAMES = {"automatic": "automática", "manual": "manual"}
FEATURE_NAMES = {"carplay": "Apple CarPlay", "android_auto": "Android Auto", "bluetooth": "Bluetooth",
                 "sunroof": "quemacocos", "third_row": "tercera fila de asientos"}
FUEL_NAMES = {"hybrid": "híbrido", "electric": "eléctrico", "diesel": "diésel"}
RELAXED_NAMES = {"features": "el equipamiento", "km_max": "el kilometraje", "transmission": "la transmisión",
                 "body_type": "el tipo de carrocería", "year_min": "el año mínimo", "year_max": "el año máximo",
                 "budget_max": "el presupuesto (hasta 10% más)", "model": "el modelo"}
NOT_CONFIRMED = "no lo tengo confirmado"
RECOMMENDATION = "De los que te mostré, por año y kilometraje te recomendaría este:"
UNKNOWN_CAR_FACT = "{what} no lo tengo confirmado para este auto; un asesor te lo puede confirmar. Esto es lo que sí sé:"
UNKNOWN_CAR_FACT_NAMES = {"consumption": "El consumo de gasolina", "color": "El color", "owners": "El número de dueños",
                          "accidents": "El historial de choques", "service_history": "El historial de servicios",
                          "safety": "El equipo de seguridad", "drive": "Si es 4x4 o 4x2",
                          "cab": "El tipo de cabina", "invoice": "El tipo de factura"}
UNKNOWN_COMPARE = "{what} no lo tengo confirmado para estos autos; un asesor te lo puede confirmar. Esto es lo que sí sé:"


def car_answer(answer: dict[str, Any]) -> str:
    """One yes / no / not-confirmed sentence about an attribute of the car in focus (catalog only)."""
    attribute, value, verdict = answer["attribute"], answer["value"], answer["answer"]
    if attribute == "features":
        name = FEATURE_NAMES[value]
        return {"yes": f"Sí, trae *{name}*.", "no": f"Según la ficha del catálogo, no trae *{name}*.",
                "unknown": f"Si trae *{name}* no lo tengo confirmado; un asesor te lo confirma."}[verdict]
    names = TRANSMISSION_NAMES if attribute == "transmission" else BODY_NAMES
    what = "La transmisión" if attribute == "transmission" else "El tipo de carrocería"
    if verdict == "unknown":
        return f"{what} no la tengo confirmada." if attribute == "transmission" else f"{what} no lo tengo confirmado."
    if verdict == "yes":
        return f"Sí, es *{names[value]}*."
    return f"No, es *{names[answer['actual']]}*."


def pesos(amount: int | Decimal | str, *, cents: bool = False) -> str:
    """"$289,999" for prices, "$6,087.02" for payments."""
    value = Decimal(str(amount))
    return f"${value:,.2f}" if cents else f"${value:,.0f}"


def km(value: int) -> str:
    return f"{value:,} km"


def car_title(car: dict[str, Any]) -> str:
    """The title of a car given as a tool result (a dict): as `Car.title`."""
    return Car(**{k: car[k] for k in ("stock_id", "make", "model", "year", "version", "km", "price")}).title


def car_line(index: int, car: dict[str, Any]) -> str:
    return (f"{index}. *{car_title(car)}* {car['version']}\n"
            f"   {km(car['km'])} · {pesos(car['price'])}")


def criteria_summary(criteria: dict[str, Any]) -> str:
    """A short Spanish description of what the buyer asked for."""
    parts: list[str] = []
    if criteria.get("body_type"):
        parts.append(BODY_NAMES[criteria["body_type"]])
    make, model = criteria.get("make"), criteria.get("model")
    name = model if make and model and str(model).lower().startswith(str(make).lower()) else \
        " ".join(str(v) for v in (make, model) if v)
    if name:
        parts.append(name)
    if criteria.get("transmission"):
        parts.append(TRANSMISSION_NAMES[criteria["transmission"]])
    low, high = criteria.get("budget_min"), criteria.get("budget_max")
    if low and high:
        parts.append(f"entre {pesos(low)} y {pesos(high)}")
    elif high:
        parts.append(f"hasta {pesos(high)}")
    elif low:
        parts.append(f"desde {pesos(low)}")
    year_min, year_max = criteria.get("year_min"), criteria.get("year_max")
    if year_min and year_max:
        parts.append(f"modelo {year_min}" if year_min == year_max else f"modelos {year_min} a {year_max}")
    elif year_min:
        parts.append(f"del {year_min} en adelante")
    elif year_max:
        parts.append(f"hasta modelo {year_max}")
    if criteria.get("km_max"):
        parts.append(f"con menos de {km(criteria['km_max'])}")
    if criteria.get("features"):
        parts.append("con " + ", ".join(FEATURE_NAMES[f] for f in criteria["features"]))
    return ", ".join(parts)


def markdown_to_whatsapp(text: str) -> str:
    """Knowledge-base Markdown to WhatsApp: **bold** -> *bold*, a section title line -> *title*."""
    lines = []
    for index, line in enumerate(text.strip().splitlines()):
        line = re.sub(r"\*\*(.+?)\*\*", r"*\1*", line.strip())
        if line.startswith("#"):
            line = f"*{line.lstrip('#').strip()}*"
        elif index == 0 and line and not line.startswith(("-", "*")) and len(line) < 60 and not line.endswith("."):
            line = f"*{line}*"  # the chunk's section heading
        lines.append(line)
    return "\n".join(lines)
