"""Everything the agent says while arranging an appointment, built from the booking tools' results only."""

from __future__ import annotations

from typing import Any

from graph.state import ToolCall
from tools.booking import HORIZON_DAYS

PROBLEMS = {
    "past": "Esa hora ya pasó.",
    "too_far": f"Solo puedo agendar hasta {HORIZON_DAYS} días adelante.",
    "closed_day": "Ese día no hay citas en esa sede.",
    "outside_hours": "Esa hora queda fuera del horario de citas.",
    "not_a_slot": "Las citas empiezan cada media hora.",
    "car_gone": "Ese auto ya no está en el catálogo, una disculpa. ¿Quieres ver otro? Dime cuál y lo agendamos.",
}
ASK = {
    "ask_stock_id": "¿Qué auto quieres ver? Dime el número de la lista o el modelo.",
    "ask_kind": "¿Cómo te gustaría verlo: *visita* en sede, *prueba de manejo* o *videollamada*?",
    "ask_day": f"¿Qué día te gustaría? Puedo agendar desde hoy y hasta {HORIZON_DAYS} días adelante.",
    "ask_name": "¿A nombre de quién agendo la cita?",
}


def booking_reply(step: str, calls: dict[str, ToolCall]) -> str:
    result = {name: call["result"] for name, call in calls.items()}
    draft = result.get("describe_booking") or {}
    if step == "show":
        shown = result["get_appointment"]["appointment"]
        return (f"Tu cita: {summary(shown)}. Si quieres cambiarla o cancelarla, dime." if shown else
                "No tienes ninguna cita agendada en este chat. ¿Quieres agendar una visita o prueba de manejo?")
    if step == "nothing_to_cancel":
        return "No encontré una cita activa en este chat. ¿Quieres agendar una?"
    if step == "cancelled":
        return (f"Listo, cancelé tu cita: {summary(result['cancel_appointment']['appointment'])}. "
                "Si quieres agendar otro día, aquí estoy.")
    if step in ("booked", "rescheduled"):
        done = result.get("book_appointment") or result["reschedule_appointment"]
        head = "¡Listo! Quedó agendada tu cita" if step == "booked" else "Listo, cambié tu cita"
        where = f"\n📍 {done['appointment']['address']}" if done["appointment"].get("address") else ""
        return f"{head}: {summary(done['appointment'])}.{where}\n\nSi necesitas moverla o cancelarla, escríbeme aquí."
    if step == "confirm":
        return f"¿Confirmo tu cita: {summary(draft)}? Responde *sí* para agendarla o dime qué cambio."
    if step == "what_to_change":
        return "Va, todavía no agendo nada. ¿Qué cambio: el día, la hora o la sede?"
    if step == "no_location_in_city":
        listed = result["list_locations"]
        cities = ", ".join(listed["cities"])
        return (f"En {listed_city(calls)} no tenemos sede. Hay sedes en {cities}. ¿En cuál te queda mejor? "
                "También puedo agendarte una *videollamada* para ver el auto desde donde estés.")
    if step in ("offer_times", "problem", "slot_taken"):
        return _times_reply(step, calls, result)
    if step == "ask_place":
        places = (result.get("list_locations") or {}).get("locations") or []
        if places:
            lines = "\n".join(f"• *{p['name']}*: {p['address']}" for p in places)
            return f"Estas son las sedes en {places[0]['city']}:\n{lines}\n\n¿En cuál te queda mejor?"
        return "¿En qué ciudad o sede te queda mejor? (o si prefieres, lo vemos por *videollamada*)"
    return ASK.get(step, ASK["ask_day"])


def _times_reply(step: str, calls: dict[str, ToolCall], result: dict[str, Any]) -> str:
    options = (result.get("free_times") or {}).get("options") or []
    check = (result.get("check_booking") or {}).get("problem")
    if step == "problem" and check == "car_gone":
        return PROBLEMS["car_gone"]
    head = {"problem": PROBLEMS.get(check or "", "Ese horario no está disponible."),
            "slot_taken": "Ese horario se acaba de llenar, una disculpa."}.get(step, "")
    place = (result.get("describe_booking") or {}).get("place_name")
    where = f" en *{place}*" if place else ""
    if not options:
        return (f"{head} No tengo horarios libres{where} en los próximos {HORIZON_DAYS} días. "
                "¿Probamos otra sede o una *videollamada*?").strip()
    days = {o["day_text"] for o in options}
    if len(days) == 1:
        times = ", ".join(f"*{o['time']}*" for o in options)
        body = f"Para el {options[0]['day_text']}{where} tengo libre: {times}. ¿Cuál te acomoda?"
    else:
        listed = "\n".join(f"• {o['day_text']} a las *{o['time']}*" for o in options)
        body = f"Los horarios libres más cercanos{where}:\n{listed}\n\n¿Cuál te acomoda?"
    return f"{head} {body}".strip()


def summary(appointment: dict[str, Any]) -> str:
    """"prueba de manejo del *Mazda 3 2021* el *sábado 5 de diciembre a las 11:00* en *Patio Santa Fe*"."""
    car = f" del *{appointment['car_title']}*" if appointment.get("car_title") else ""
    when = f" el *{appointment['day_text']} a las {appointment['time_text']}*" if appointment.get("day_text") else ""
    where = (" por videollamada" if appointment.get("place") == "video" or appointment.get("kind") == "video_call"
             else f" en *{appointment['place_name']}*" if appointment.get("place_name") else "")
    name = f", a nombre de {appointment['name']}" if appointment.get("name") else ""
    return f"{appointment.get('kind_text') or 'visita'}{car}{when}{where}{name}"


def listed_city(calls: dict[str, ToolCall]) -> str:
    return str(calls["list_locations"]["args"]["city"])
