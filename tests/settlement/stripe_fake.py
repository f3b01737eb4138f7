"""A local Stripe for the settlement tests, as strict as Stripe where the rail can go wrong.

It answers the calls the Stripe rail makes (list and create transfers, reverse a transfer, create a payout on
a connected account) with Stripe's own example objects (stripe/openapi fixtures3.json), and refuses what
Stripe refuses:

- amounts: an integer in Stripe's units for the currency, positive (https://docs.stripe.com/currencies):
  zero-decimal currencies in whole units; BHD, JOD, KWD, OMR and TND in three decimals whose last digit is 0;
  ISK and UGX in two decimals that are always 00; HUF, TWD and IDR paid out in whole units (a payout amount
  divisible by 100). The rules are written here from Stripe's page on their own, not taken from
  `settlement.rails`, so a test checks the rail against a second reading of the page.
- idempotency keys (scoped to the account the call is made on): the same key with the same parameters
  replays the first answer (`Idempotent-Replayed: true`); with other parameters it is a 400
  `idempotency_error`; a request refused while validating keeps no result.
- faults a test injects (`fail`): a 5xx before anything happens, a timeout before or after Stripe executed
  the request (after: the object exists, and the key replays it), a refusal with Stripe's error code.

A local double rather than the `localstripe` server: that one does not support Stripe Connect (its README's
limitations), and transfers to connected accounts with payouts on them are all this rail does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlparse

import stripe

from core.clock import utc_now
from settlement.rails import STRIPE_CURRENCIES

FIXTURES: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "stripe" / "fixtures3.json").read_text()
)["resources"]

ZERO_DECIMAL = frozenset(
    ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"]
)
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
WHOLE_IN_TWO_DECIMALS = frozenset({"ISK", "UGX"})
WHOLE_FOR_PAYOUTS = frozenset({"HUF", "TWD", "IDR"})

Call = Literal["transfer", "payout", "reversal"]
FaultKind = Literal["5xx", "timeout", "timeout_after", "refuse"]


@dataclass(frozen=True, slots=True)
class Fault:
    """What the next matching request meets: `5xx` (nothing happens), `timeout` (no answer, nothing
    happens), `timeout_after` (Stripe did it, the answer is lost), `refuse` (a 400 with `code`)."""

    kind: FaultKind
    status: int = 500
    code: str = "account_invalid"


def _error(
    status: int, message: str, *, kind: str = "invalid_request_error", **extra: str | None
) -> tuple[str, int, dict[str, str]]:
    body = {"error": {"type": kind, "message": message, **{k: v for k, v in extra.items() if v}}}
    return json.dumps(body), status, {}


def amount_refusal(raw: str | None, currency: str, call: Call) -> str | None:
    """Why Stripe would refuse `raw` as the amount of `call` in `currency` (None: it takes it)."""
    if raw is None or not re.fullmatch(r"-?[0-9]+", raw):
        return f"Invalid integer: {raw}"
    value = int(raw)
    if value < 1:
        return "This value must be greater than or equal to 1."
    if currency in ZERO_DECIMAL:
        return None
    if currency in THREE_DECIMAL and value % 10:
        return f"{currency} amounts must end in 0 (three decimals, the last one 0)"
    whole = currency in WHOLE_IN_TWO_DECIMALS or (call == "payout" and currency in WHOLE_FOR_PAYOUTS)
    if whole and value % 100:
        what = "payouts" if call == "payout" else "amounts"
        return f"{currency} {what} must be whole units (divisible by 100)"
    return None


class FakeStripe(stripe.HTTPClient):
    """A stripe HTTP client that answers locally, never the network."""

    name = "fake"

    def __init__(self, *, refuse_accounts: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self.keys: dict[tuple[str | None, str], tuple[tuple[Any, ...], str]] = {}
        self.transfers: list[dict[str, Any]] = []
        self.payouts: list[dict[str, Any]] = []
        self.reversals: list[dict[str, Any]] = []
        self.refuse = refuse_accounts
        self.faults: list[tuple[str, str, Fault]] = []

    # --- what a test sets up --------------------------------------------------------------------------

    def fail(self, method: str, path: str, fault: Fault, *, times: int = 1) -> None:
        """The next `times` requests of `method` to a path starting with `path` meet `fault`."""
        self.faults += [(method.lower(), path, fault)] * times

    def _sleep_time_seconds(self, num_retries: int) -> float:  # noqa: ARG002 - the SDK's retries, at once
        return 0.0

    # --- the wire ----------------------------------------------------------------------------------------

    def request(
        self, method: str, url: str, headers: Any, post_data: Any = None, *, _usage: Any = None
    ) -> Any:
        params = parse_qs(post_data.decode() if isinstance(post_data, bytes) else (post_data or ""))
        path, query = urlparse(url).path, parse_qs(urlparse(url).query)
        hdrs = dict(headers or {})
        self.requests.append((method, path, params or query, hdrs))
        fault = self._fault(method, path)
        if fault is not None and fault.kind == "timeout":
            raise stripe.APIConnectionError("Request timed out (injected)", should_retry=True)
        if fault is not None and fault.kind == "5xx":
            return _error(fault.status, "An unknown error occurred (injected)", kind="api_error")
        if fault is not None and fault.kind == "refuse":
            return _error(400, f"Refused: {fault.code} (injected)", code=fault.code)
        key = hdrs.get("Idempotency-Key") if method == "post" else None
        scope = (hdrs.get("Stripe-Account"), key) if key else None
        print_ = (method, path, tuple(sorted((k, tuple(v)) for k, v in params.items())))
        if scope is not None and scope in self.keys:
            first, answer = self.keys[scope]
            if first != print_:
                return _error(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they were first"
                    f" used with. Try using a key other than '{key}' if you meant to execute a different"
                    " request.",
                    kind="idempotency_error",
                )
            body, status, rheaders = answer, 200, {"Idempotent-Replayed": "true"}
        else:
            body, status, rheaders = self._answer(method, path, params, query, hdrs)
            if scope is not None and status == 200:
                self.keys[scope] = (print_, body)
        if fault is not None and fault.kind == "timeout_after":
            raise stripe.APIConnectionError(
                "Request timed out after it was executed (injected)", should_retry=True
            )
        return body, status, rheaders

    def _fault(self, method: str, path: str) -> Fault | None:
        for i, (m, prefix, fault) in enumerate(self.faults):
            if m == method and path.startswith(prefix):
                del self.faults[i]
                return fault
        return None

    def _answer(
        self,
        method: str,
        path: str,
        params: dict[str, list[str]],
        query: dict[str, list[str]],
        hdrs: Mapping[str, str],
    ) -> tuple[str, int, dict[str, str]]:
        if method == "get" and path == "/v1/transfers":
            group = query.get("transfer_group", [None])[0]
            data = [t for t in self.transfers if t["transfer_group"] == group]
            listed = {"object": "list", "data": data, "has_more": False, "url": "/v1/transfers"}
            return json.dumps(listed), 200, {}
        reversal = re.fullmatch(r"/v1/transfers/([^/]+)/reversals", path)
        if method == "post" and reversal:
            return self._reverse(reversal.group(1), params)
        if method == "post" and path in ("/v1/transfers", "/v1/payouts"):
            call: Call = "transfer" if path == "/v1/transfers" else "payout"
            refused = self._check_money(params, call)
            if refused is not None:
                return refused
            if call == "transfer":
                return self._transfer(params)
            return self._payout(params, hdrs)
        return _error(404, f"Unrecognized request URL ({method.upper()}: {path})")

    @staticmethod
    def _check_money(params: dict[str, list[str]], call: Call) -> tuple[str, int, dict[str, str]] | None:
        currency = params.get("currency", [""])[0]
        if currency != currency.lower() or currency.upper() not in STRIPE_CURRENCIES:
            return _error(400, f"Invalid currency: {currency}.", param="currency")
        raw = params.get("amount", [None])[0]
        why = amount_refusal(raw, currency.upper(), call)
        if why is not None:
            code = "parameter_invalid_integer" if why.startswith(("Invalid integer", "This value")) else None
            return _error(400, why, param="amount", code=code)
        return None

    def _transfer(self, params: dict[str, list[str]]) -> tuple[str, int, dict[str, str]]:
        dest = params["destination"][0]
        if dest in self.refuse:
            return _error(400, "No such destination", code="account_invalid", param="destination")
        obj = {
            **FIXTURES["transfer"],
            "id": f"tr_{len(self.transfers) + 1:04d}",
            "amount": int(params["amount"][0]),
            "amount_reversed": 0,
            "reversed": False,
            "currency": params["currency"][0],
            "destination": dest,
            "transfer_group": params["transfer_group"][0],
            "metadata": {"tradelane_payout": params["metadata[tradelane_payout]"][0]},
        }
        self.transfers.append(obj)
        return json.dumps(obj), 200, {}

    def _payout(
        self, params: dict[str, list[str]], hdrs: Mapping[str, str]
    ) -> tuple[str, int, dict[str, str]]:
        obj = {
            **FIXTURES["payout"],
            "id": f"po_stripe_{len(self.payouts) + 1:04d}",
            "amount": int(params["amount"][0]),
            "currency": params["currency"][0],
            "arrival_date": int((utc_now() + timedelta(days=2)).timestamp()),
            "metadata": {"tradelane_payout": params["metadata[tradelane_payout]"][0]},
            "destination": hdrs.get("Stripe-Account"),
        }
        self.payouts.append(obj)
        return json.dumps(obj), 200, {}

    def _reverse(self, transfer_id: str, params: dict[str, list[str]]) -> tuple[str, int, dict[str, str]]:
        transfer = next((t for t in self.transfers if t["id"] == transfer_id), None)
        if transfer is None:
            return _error(404, f"No such transfer: '{transfer_id}'", code="resource_missing", param="id")
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount", [str(left)])[0])
        if left <= 0 or amount > left:
            return _error(400, "The transfer has already been reversed", code="transfer_already_reversed")
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        obj = {
            **FIXTURES["transfer_reversal"],
            "id": f"trr_{len(self.reversals) + 1:04d}",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": transfer_id,
        }
        self.reversals.append(obj)
        return json.dumps(obj), 200, {}

    def sent_for(self, payout_id: str) -> tuple[int, int]:
        """How many transfers (not reversed) and payouts Stripe holds for one of our payouts."""
        transfers = [t for t in self.transfers if t["transfer_group"] == payout_id and not t["reversed"]]
        paid = [p for p in self.payouts if p["metadata"]["tradelane_payout"] == payout_id]
        return len(transfers), len(paid)

    def close(self) -> None:
        pass
