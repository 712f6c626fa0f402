"""Compose node: write the reply in Mexican Spanish from this turn's tool results only."""

from __future__ import annotations

import logging
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, ToolCall
from nodes import wording as w
from nodes.booking_wording import booking_reply
from nodes.registry import SPECS
from nodes.reword_check import rewording_problems
from nodes.understanding.lexicon import IDENTITY_QUESTION, UNKNOWN_CAR_FACTS
from stores.text import fold

log = logging.getLogger(__name__)


def compose(state: State, deps: Deps) -> dict[str, Any]:
    text = grounded_text(state)
    if state.get("action") == "greet" and text == w.GREETING and deps.settings.greeting:
        text = deps.settings.greeting  # the dealer's own welcome (GREETING)
    if deps.llm is not None and deps.settings.llm_rephrase and state.get("tool_calls"):
        reworded, call = deps.llm.rephrase(text, state.get("clean_text", ""), state.get("llm_deadline") or None)
        problems = rewording_problems(text, reworded, _passages(state)) if reworded else []
        calls = [*state.get("llm_calls", []), {**call, "rejected": problems} if problems else call]
        if problems:  # not the same message: the grounded draft goes out, and the trace says why
            log.warning("compose.rewording_rejected problems=%s", problems)
            return {"reply": text, "grounded_reply": text, "llm_calls": calls}
        return {"reply": reworded or text, "grounded_reply": text, "llm_calls": calls}
    return {"reply": text, "grounded_reply": text}


def _passages(state: State) -> str:
    """This turn's knowledge passages: a rewording may say what they say."""
    return " ".join(p.get("text", "") for call in state.get("tool_calls") or []
                    for p in (call.get("result") or {}).get("passages") or [] if isinstance(p, dict))


def grounded_text(state: State) -> str:
    """The template reply: every number in it is copied from a tool result or the slots."""
    action = state.get("action", "")
    slots = state.get("slots") or Slots()
    calls = {call["name"]: call for call in state.get("tool_calls") or []}
    issues = [w.ISSUES[i] for i in state["understanding"].issues if i in w.ISSUES]
    body = _BUILDERS.get(action, _fallback)(state, slots, calls)
    if IDENTITY_QUESTION.search(fold(state.get("clean_text", ""))):
        issues.insert(0, w.IDENTITY)
    return "\n\n".join([*issues, body]) if issues else body


def _greet(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    return w.GREETING_AGAIN if state.get("turn", 1) > 1 and slots.search_criteria() else w.GREETING


def _out_of_scope(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    return w.INJECTION if "prompt_injection" in state["understanding"].issues else w.OUT_OF_SCOPE


def _ask(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    pending = state.get("pending") or "budget_max"
    question = w.QUESTIONS.get(pending, w.QUESTIONS["budget_max"])
    if pending == "down_payment" and slots.car_price is not None:
        return f"Va, tomo como precio {w.pesos(slots.car_price)}. {question}"
    return question


def _cars_reply(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    if "get_popular_cars" in calls:
        cars = calls["get_popular_cars"]["result"]["cars"]
        lines = [w.car_line(i, car) for i, car in enumerate(cars, 1)]
        return ("Te comparto algunas opciones destacadas del catálogo:\n\n" + "\n".join(lines)
                + "\n\n" + w.QUESTIONS["budget_max"])
    if "similar_cars" in calls:
        return _similar_reply(calls["similar_cars"])
    call = calls.get("search_cars") or calls["search_alternatives"]
    result, criteria = call["result"], call["args"]
    missing = ""
    if result["unknown_names"]:
        names = ", ".join(result["unknown_names"])
        if not result["cars"]:
            return (f"No tengo *{names}* en el catálogo en este momento. ¿Te muestro opciones parecidas "
                    "de otra marca o modelo?")
        missing = f"No tengo *{names}* en el catálogo en este momento.\n\n"
    options = criteria.get("options") or []
    if options:  # "un Jetta o un Sentra": both names lead the summary
        criteria = {**criteria, "make": None, "model": " o ".join(
            w.criteria_summary({"make": o.get("make"), "model": o.get("model")}) for o in options)}
    summary = w.criteria_summary(criteria)
    if not result["cars"]:
        if result["offset"]:
            return "Ya te mostré todas las opciones que tengo con esos criterios. ¿Quieres ajustar algo?"
        return (f"No encontré autos ({summary}) en el catálogo. ¿Ajustamos presupuesto, año o tipo de auto?")
    offset = result["offset"]
    lines = [w.car_line(offset + i, car) for i, car in enumerate(result["cars"], 1)]
    if result["relaxed"]:
        dropped = ", ".join(w.RELAXED_NAMES[r] for r in result["relaxed"])
        head = f"No encontré exactamente lo que pides ({summary}). Lo más cercano, ajustando {dropped}:"
    elif offset:
        head = "Aquí van más opciones:"
    else:
        head = _found_head(result["total"], len(result["cars"]), summary)
    remaining = result["total"] - offset - len(result["cars"])
    tail = ("¿Te interesa alguno? Dime el número para ver detalles o calcular tu financiamiento."
            + (" También puedo mostrarte *más opciones*." if remaining > 0 and not options else ""))
    return f"{missing}{head}\n\n" + "\n".join(lines) + f"\n\n{tail}"


def _similar_reply(call: ToolCall) -> str:
    result, cheaper = call["result"], call["args"]["cheaper"]
    if result["unknown_names"]:
        return "Ese auto ya no aparece en el catálogo. ¿Te muestro otras opciones?"
    if not result["cars"]:
        return ("No tengo autos parecidos más baratos en este momento. ¿Ajustamos el tipo de auto o el presupuesto?"
                if cheaper else "No tengo autos parecidos en este momento. ¿Ajustamos el tipo de auto o el presupuesto?")
    head = "Parecidos y más baratos:" if cheaper else "Te muestro autos parecidos, de precio similar:"
    lines = [w.car_line(i, car) for i, car in enumerate(result["cars"], 1)]
    return (f"{head}\n\n" + "\n".join(lines)
            + "\n\n¿Te interesa alguno? Dime el número para ver detalles o calcular tu financiamiento.")


def _compare(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    result = calls["compare_cars"]["result"]
    cars = result["cars"]
    missing = (f"No tengo *{', '.join(result['missing'])}* en el catálogo en este momento.\n\n"
               if result["missing"] else "")
    if len(cars) < 2:
        if not cars:
            return missing + "No encontré esos autos en el catálogo. ¿Te muestro opciones parecidas?"
        return missing + "Del que sí tengo:\n\n" + w.car_line(1, cars[0]) + "\n\n¿Te doy más detalles?"
    lines = [w.car_line(i, car) for i, car in enumerate(cars, 1)]
    by_id = {car["stock_id"]: car for car in cars}
    leads = [f"{label}: *{w.car_title(by_id[result[key]])}*" for key, label in
             (("least_km", "Menos kilómetros"), ("newest", "Más nuevo"), ("cheapest", "Más barato"))
             if result[key]]
    folded = fold(state.get("clean_text", ""))
    unknown = [name for name, pattern in UNKNOWN_CAR_FACTS.items() if pattern.search(folded)]
    lead = [w.UNKNOWN_COMPARE.format(what=w.UNKNOWN_CAR_FACT_NAMES[unknown[0]])] if unknown else []
    body = "Te los comparo:\n\n" + "\n".join(lines) + ("\n\n" + "\n".join(leads) if leads else "")
    return missing + "\n\n".join([*lead, body]) + "\n\n¿Quieres los detalles o el financiamiento de alguno?"


def _found_head(total: int, shown: int, summary: str) -> str:
    found = "Encontré 1 opción" if total == 1 else f"Encontré {total} opciones"
    found += f" ({summary})" if summary else ""
    if total == 1:
        return f"{found}:"
    return f"{found}. Te muestro las mejores:" if total > shown else f"{found}:"


def _details(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    car = calls["get_car"]["result"]["car"]
    if car is None:
        return "Ese auto ya no aparece en el catálogo. ¿Te muestro otras opciones parecidas?"
    body = w.BODY_NAMES.get(car["body_type"] or "", w.NOT_CONFIRMED)
    transmission = w.TRANSMISSION_NAMES.get(car["transmission"] or "", "no la tengo confirmada")
    lines = [f"*{w.car_title(car)}*", f"Versión: {car['version']}",
             f"Kilometraje: {w.km(car['km'])}", f"Precio: *{w.pesos(car['price'])}*",
             f"Transmisión: {transmission}", f"Tipo: {body}"]
    if car["features"]:
        lines.append("Equipo confirmado: " + ", ".join(w.FEATURE_NAMES[f] for f in car["features"]))
    if car["fuel"]:
        lines.append(f"Motor: {w.FUEL_NAMES[car['fuel']]}")
    lines.append(f"Stock: {car['stock_id']}")
    folded = fold(state.get("clean_text", ""))
    unknown = [name for name, pattern in UNKNOWN_CAR_FACTS.items() if pattern.search(folded)]
    answers = (calls.get("answer_car_questions") or {}).get("result", {}).get("answers", [])
    answers = [a for a in answers if not (a["attribute"] == "body_type" and unknown)]  # "¿es 4x4?" is no body
    lead = ([w.RECOMMENDATION] if state["understanding"].pick == "best_value" else []) + \
        [" ".join(w.car_answer(a) for a in answers)] * bool(answers) + \
        ([w.UNKNOWN_CAR_FACT.format(what=w.UNKNOWN_CAR_FACT_NAMES[unknown[0]])] if unknown else [])
    body = "\n".join(lines) + "\n\n¿Te calculo el financiamiento? Dime cuánto darías de enganche."
    return "\n\n".join([*lead, body])


def _finance(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    call = calls.get("calculate_financing") or calls["calculate_multiple_options"]
    result = call["result"]
    if "error" in result:
        return w.FINANCING_ERRORS.get(result["error"], w.FINANCING_ERRORS["missing_price"])
    plans = result["plans"]
    first = plans[0]
    car = (calls.get("get_car") or {}).get("result", {}).get("car")
    subject = f"el *{w.car_title(car)}*" if car else "un auto"
    head = (f"Para {subject} de *{w.pesos(first['car_price'], cents=True)}* con enganche de "
            f"*{w.pesos(first['down_payment'], cents=True)}* ({first['down_payment_pct']}%), "
            f"financias {w.pesos(first['principal'], cents=True)}:")
    if len(plans) == 1:
        body = (f"• {first['term_years']} años ({first['months']} meses): *{w.pesos(first['monthly_payment'], cents=True)}* al mes\n"
                f"• Intereses totales: {w.pesos(first['total_interest'], cents=True)}\n"
                f"• Total pagado (con enganche): {w.pesos(first['total_paid'], cents=True)}")
        rows = calls.get("amortization_schedule", {}).get("result", {}).get("rows", [])
        if rows:
            body += "\n\nPrimeros meses (interés / capital / saldo):\n" + "\n".join(
                f"Mes {r['month']}: {w.pesos(r['interest'], cents=True)} / {w.pesos(r['principal'], cents=True)}"
                f" / {w.pesos(r['balance'], cents=True)}" for r in rows)
    else:
        body = "\n".join(f"• {p['term_years']} años: *{w.pesos(p['monthly_payment'], cents=True)}* al mes"
                         for p in plans)
        body += "\n\n¿Con qué plazo te gustaría? Te doy el detalle."
    return (f"{head}\n{body}\n\nTasa fija de 10% anual. No incluye seguro ni comisiones: "
            "esos datos no los tengo y te los confirma un asesor.")


def _finance_by_payment(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    budget_call = calls["calculate_budget_by_monthly_payment"]
    if "error" in budget_call["result"]:
        return w.FINANCING_ERRORS.get(budget_call["result"]["error"], w.FINANCING_ERRORS["missing_payment"])
    prices = budget_call["result"]["max_price_by_term"]
    args = budget_call["args"]
    lines = [f"• A {term} años: autos de hasta *{w.pesos(price, cents=True)}*" for term, price in prices.items()]
    head = (f"Con mensualidades de {w.pesos(args['monthly_payment'], cents=True)} y enganche de "
            f"{w.pesos(args['down_payment'], cents=True)} (tasa fija de 10% anual):\n" + "\n".join(lines))
    search = calls["search_cars"]["result"]
    if not search["cars"]:
        return head + "\n\nPor ahora no tengo autos en ese rango. ¿Ajustamos enganche o mensualidad?"
    cars = "\n".join(w.car_line(i, car) for i, car in enumerate(search["cars"], 1))
    longest = max(prices, key=int)
    return (f"{head}\n\nAutos que te quedan a {longest} años:\n\n{cars}\n\n"
            "¿Te calculo la mensualidad exacta de alguno?")


def _company(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    result = calls["get_kavak_info"]["result"]
    if "error" in result:
        return w.KB_UNAVAILABLE
    if result["unknown"]:
        return w.NO_DATA.format(what=", ".join(w.UNKNOWN_NAMES[name] for name in result["unknown"]))
    passages = result["passages"]
    if not passages:
        return w.NO_DATA.format(what="eso")
    parts = [] if result["city_covered"] else [w.NO_SEDE_IN_CITY.format(city=result["city"])]
    parts.append(w.markdown_to_whatsapp(passages[0]["text"]))
    second = passages[1] if len(passages) > 1 else None
    if second and second["doc_id"] == passages[0]["doc_id"] and len(parts[-1]) + len(second["text"]) < 900:
        parts.append(w.markdown_to_whatsapp(second["text"]))
    if state.get("pending") == "car_price":
        parts.append(w.QUESTIONS["car_price"])
    else:
        parts.append(w.COMPANY_FOLLOW_UP if slots.search_criteria() or slots.stock_id else w.COMPANY_OFFER)
    return "\n\n".join(parts)


def _booking(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    return booking_reply(state.get("booking_step") or "ask_day", calls)


def _clarify(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    first, second = (SPECS[name].offer for name in state.get("offered") or [])
    return w.CLARIFY.format(first=first, second=second)


def _fallback(state: State, slots: Slots, calls: dict[str, ToolCall]) -> str:
    return w.OUT_OF_SCOPE


_BUILDERS = {
    "greet": _greet, "farewell": lambda s, sl, c: w.FAREWELL, "out_of_scope": _out_of_scope,
    "empty_input": lambda s, sl, c: w.EMPTY_INPUT, "ask": _ask, "search": _cars_reply,
    "search_more": _cars_reply, "popular": _cars_reply, "details": _details, "finance": _finance,
    "finance_by_payment": _finance_by_payment, "company_info": _company, "book_appointment": _booking,
    "clarify": _clarify, "compare": _compare, "similar": _cars_reply,
}
