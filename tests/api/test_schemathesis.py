"""schemathesis against the app's own OpenAPI schema: generated requests (valid and invalid, the examples, coverage
and fuzzing phases) for every operation, with the operator token, never get a 5xx.

The webhook is fuzzed with Twilio signature validation off (TWILIO_VALIDATE_SIGNATURE=false): with it on, every
generated form would stop at the 403 and the handler behind it would go untested. The signed path has its own tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis.internal.conjecture import utils as conjecture_utils
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from tests.api.test_late_reply import fake_twilio  # noqa: F401 (fixture)

TOKEN = "schemathesis-operator-token"
MAX_EXAMPLES = 75
"""Per operation and generation mode in the fuzzing phase: the run takes about 25 s on two cores."""


def _many_more(self: conjecture_utils.many) -> bool:
    """`many.more()` as hypothesis-jsonschema 0.23 calls it, over the iterator API that replaced it in hypothesis
    6.170: finish the previous element, draw whether to continue, open the next element."""
    if self._depth is None:
        self._depth = self.data.depth
    self._finish_element()
    if not self._decide():
        return False
    self.count += 1
    self._in_element, self._rejected = True, False
    return True


@pytest.fixture
def api_schema(make_client, api_settings, fake_twilio: str, request: pytest.FixtureRequest,  # noqa: F811
               monkeypatch: pytest.MonkeyPatch) -> Iterator[schemathesis.BaseSchema]:
    if not hasattr(conjecture_utils.many, "more"):  # hypothesis-jsonschema draws JSON objects through it
        monkeypatch.setattr(conjecture_utils.many, "more", _many_more, raising=False)
    # schemathesis 4.15 names each operation's subtest through `node._nodeid`, which pytest 9 no longer has
    request.node._nodeid = request.node.nodeid
    settings = api_settings.model_copy(update={  # operator replies go to a local fake of Twilio's REST API
        "admin_token": TOKEN, "twilio_validate_signature": False, "twilio_account_sid": "AC" + "1" * 32,
        "twilio_api_base_url": fake_twilio, "twilio_whatsapp_from": "whatsapp:+14155238886"})
    client = make_client(settings)  # the app's start-up has run: stores, graph and knowledge base are in place
    config = SchemathesisConfig.from_dict({
        "seed": 12,
        "headers": {"Authorization": f"Bearer {TOKEN}"},
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    })
    yield schemathesis.openapi.from_asgi("/openapi.json", started(client.app), config=config)


def started(app: Any) -> Any:
    """The app, already started, answering lifespan events without running them again: schemathesis opens a test
    client per request, which would otherwise rebuild the stores and the graph for every one."""

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return None

    return asgi


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:starlette_testclient")  # its own use of anyio
@schema.parametrize()
def test_no_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
