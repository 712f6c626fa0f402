"""Is an LLM's rewording of a grounded draft the same message? Checked before it may replace the draft.

A rewording is refused when it drops a fact of the draft (a number, a *bold* item), drops the draft's question,
is not Spanish, says something the draft and this turn's passages do not support (a sentence whose content words
they mostly lack), or makes a policy claim (warranty, returns, fees, credit bureau, delivery, discounts) they do not
make. Deterministic and offline; `verify_reply` still checks numbers, cars, places and dates afterwards.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nodes.verify_reply import reply_numbers
from stores.text import fold

SUPPORT_FLOOR = 0.4
"""Share of a sentence's content words (by stem) that the draft or the passages must contain; chosen on the labelled
rewordings (`python -m evals.rewording_eval --sweep`): 0.4 keeps recall with fewer false alarms than 0.5."""
MAX_GROWTH = 1.6
COURTESY = frozenset(w[:5] for w in (
    "claro mira aqui sigo ocupes necesites necesitas gusto ayudar ayudo ayudarte cualquier duda dudas pregunta "
    "preguntas encantado listo perfecto excelente genial dime avisame escribeme quieres gustaria prefieres "
    "opciones apoyo apoyarte orden ordenes pendiente atento atenta saludos gracias seguimos platicamos "
    "revisamos calculamos vemos checamos puedo podemos puedes tambien ademas entonces vale").split())
"""Conversational words a rewording may add without adding a fact ("¡Claro! Aquí sigo para lo que ocupes")."""
POLICY = re.compile(r"\b(garantia\w*|devolu\w*|reembols\w*|comision\w*|buro|entrega\w* a domicilio|descuento\w*|"
                    r"gratis|sin costo|de por vida|sin enganche|sin intereses|aprobad\w*|apartad\w*)\b")
_BOLD = re.compile(r"\*([^*\n]+)\*")
_SENTENCES = re.compile(r"[^.!?¿¡\n]+[.!?]?")
_WORD = re.compile(r"[a-zñ]+")
_ITEM_WORD = re.compile(r"[a-zñ]{3,}|\d[\d,.]*\d|\d")
"""Words and figures of a *bold* item: kept in any order ("*3 meses de garantía*" keeps "*garantía de 3 meses*")."""


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    from wordfreq import top_n_list

    spanish = {fold(w) for w in top_n_list("es", 300)}
    english = {fold(w) for w in top_n_list("en", 300)}
    return frozenset(spanish - english), frozenset(english - spanish)


def _stems(text: str) -> set[str]:
    spanish, _ = _function_words()
    return {w[:5] for w in _WORD.findall(fold(text)) if len(w) > 3 and w not in spanish}


def rewording_problems(draft: str, reworded: str, passages: str = "", support_floor: float = SUPPORT_FLOOR) -> list[str]:
    """Why `reworded` may not replace `draft` ([] when it may)."""
    problems: list[str] = []
    if len(reworded) > MAX_GROWTH * len(draft) + 200:
        problems.append("longer_than_the_draft")
    missing = [str(n) for n in set(reply_numbers(draft)) if n not in set(reply_numbers(reworded))]
    if missing:
        problems.append("dropped_numbers:" + ",".join(sorted(missing)))
    folded = fold(reworded)
    kept_words = set(_ITEM_WORD.findall(folded))
    dropped = [item for item in _BOLD.findall(draft) if not set(_ITEM_WORD.findall(fold(item))) <= kept_words]
    if dropped:
        problems.append("dropped_items")
    if "?" in draft and "?" not in reworded:
        problems.append("dropped_question")
    words = _WORD.findall(folded)
    spanish, english = _function_words()
    if words and sum(w in english for w in words) > sum(w in spanish for w in words):
        problems.append("not_spanish")
    grounded = _stems(draft + " " + passages)
    for sentence in _SENTENCES.findall(reworded):
        content = _stems(sentence) - COURTESY
        if len(content) >= 2 and len(content & grounded) / len(content) < support_floor:
            problems.append("unsupported_sentence")
            break
    source = fold(draft + " " + passages)
    claims = {m.group(1) for m in POLICY.finditer(folded)} - {m.group(1) for m in POLICY.finditer(source)}
    if claims:
        problems.append("policy_claim:" + ",".join(sorted(claims)))
    return problems
