"""Affiliate plans: publishing (merchant for itself, admin for any, bad input named), what each role sees, and
an order's rate: targeted > open by product > open by category > open for every sale > the policy's, the
latest plan for a scope, effective dates (an old order keeps its rate), goods-weighted lines, and the rate an
order placed through the API earns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.clock import utc_now
from core.db import unit_of_work
from core.models import Role
from settlement import affiliates
from settlement.affiliates import AffiliateRate, OrderLineGoods, PlanSpec
from settlement.models import AffiliatePlanKind, SettlementOrder
from settlement.policy import DEFAULT_BODY, bps_of
from tests.conftest import Keys
from tests.logistics.test_orders_api import DemoKeys, demo, order, quote  # noqa: F401  (the demo fixture)
from tests.settlement.conftest import make_creator, make_merchant
from tests.settlement.test_api import problem
from tests.settlement.test_creators import creator_key

OPEN, TARGETED = AffiliatePlanKind.open, AffiliatePlanKind.targeted
TEE = OrderLineGoods("TEE-1", "apparel", 10_000)
MUG = OrderLineGoods("MUG-1", "home", 10_000)


def publish(merchant: str, kind: AffiliatePlanKind, **kw: Any) -> str:
    with unit_of_work() as s:
        return affiliates.publish_plan(
            s, spec=PlanSpec(merchant_id=merchant, kind=kind, **kw), actor="test"
        ).row.id


def rate(merchant: str, creator: str, *lines: OrderLineGoods, at: Any = None) -> AffiliateRate:
    with unit_of_work() as s:
        return affiliates.resolve_rate(s, merchant_id=merchant, creator_id=creator, lines=lines, at=at)


@pytest.fixture
def parties(db_url: str) -> tuple[str, str, str]:
    with unit_of_work() as s:
        return make_merchant(s), make_creator(s), make_creator(s)


def test_targeted_beats_open_by_product_beats_open_by_category_beats_the_policy(
    parties: tuple[str, str, str],
) -> None:
    merchant, a, b = parties
    policy = DEFAULT_BODY.affiliate_open_plan_bps
    assert rate(merchant, a, TEE) == AffiliateRate(policy, "policy")
    everything = publish(merchant, OPEN, rate_bps=700)
    assert rate(merchant, a, TEE) == AffiliateRate(700, "open", everything, "all")
    by_category = publish(merchant, OPEN, categories={"apparel": 1200})
    assert rate(merchant, a, TEE) == AffiliateRate(1200, "open", by_category, "category")
    assert rate(merchant, a, MUG) == AffiliateRate(700, "open", everything, "all")
    by_product = publish(merchant, OPEN, products={"TEE-1": 1500})
    assert rate(merchant, a, TEE) == AffiliateRate(1500, "open", by_product, "sku")
    # a targeted plan for A wins over every open rate, for A only
    targeted = publish(merchant, TARGETED, creators=[a], rate_bps=2000)
    assert rate(merchant, a, TEE) == AffiliateRate(2000, "targeted", targeted, "all")
    assert rate(merchant, b, TEE) == AffiliateRate(1500, "open", by_product, "sku")
    # and within targeted plans the product's rate before the category's
    product_for_a = publish(
        merchant, TARGETED, creators=[a], products={"TEE-1": 2500}, categories={"home": 50}
    )
    assert rate(merchant, a, TEE) == AffiliateRate(2500, "targeted", product_for_a, "sku")
    assert rate(merchant, a, MUG) == AffiliateRate(50, "targeted", product_for_a, "category")
    # the latest plan for a scope wins; other scopes keep theirs
    newer = publish(merchant, OPEN, categories={"apparel": 900})
    assert rate(merchant, b, OrderLineGoods("TEE-2", "apparel", 1)) == AffiliateRate(
        900, "open", newer, "category"
    )
    assert rate(merchant, b, MUG) == AffiliateRate(700, "open", everything, "all")
    # another merchant's plans count for nothing
    with unit_of_work() as s:
        other = make_merchant(s)
    assert rate(other, a, TEE).plan == "policy"


def test_lines_earn_their_goods_weighted_rate(parties: tuple[str, str, str]) -> None:
    merchant, a, _ = parties
    plan = publish(merchant, OPEN, categories={"apparel": 1000, "home": 2000})
    mixed = rate(merchant, a, OrderLineGoods("T", "apparel", 3000), OrderLineGoods("M", "home", 1000))
    assert mixed == AffiliateRate(1250, "open", plan, "category")  # (3000 * 10% + 1000 * 20%) / 4000
    # rounded half-even to a basis point
    odd = rate(merchant, a, OrderLineGoods("T", "apparel", 2), OrderLineGoods("M", "home", 1))
    assert odd.rate_bps == 1333


def test_effective_dates_and_an_old_order_keeps_its_rate(parties: tuple[str, str, str]) -> None:
    merchant, a, _ = parties
    now = utc_now()
    current = publish(merchant, OPEN, rate_bps=800)
    later = publish(
        merchant,
        OPEN,
        rate_bps=1800,
        effective_from=now + timedelta(hours=1),
        effective_to=now + timedelta(days=1),
    )
    assert rate(merchant, a, MUG, at=now + timedelta(minutes=1)).plan_id == current
    assert rate(merchant, a, MUG, at=now + timedelta(hours=2)) == AffiliateRate(1800, "open", later, "all")
    assert rate(merchant, a, MUG, at=now + timedelta(days=2)).plan_id == current  # it ended


def test_publishing_names_each_bad_field(client: TestClient, keys: Keys) -> None:
    h = keys.h(keys.merchant)
    with unit_of_work() as s:
        creator = make_creator(s)
    most = DEFAULT_BODY.affiliate_max_bps
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"kind": "open"}, 422, "rate_bps"),
        ({"kind": "open", "categories": {"apparel": most + 1}}, 422, "categories.apparel"),
        ({"kind": "open", "products": {"TEE-1": most + 1}}, 422, "products.TEE-1"),
        ({"kind": "open", "rate_bps": 100, "creators": [creator]}, 422, "creators"),
        ({"kind": "targeted", "rate_bps": 100}, 422, "creators"),
        ({"kind": "targeted", "rate_bps": 100, "creators": [creator, "cre_nobody"]}, 422, "creators.1"),
        ({"kind": "open", "rate_bps": 100, "effective_from": "2020-01-01T00:00:00Z"}, 422, "effective_from"),
        ({"kind": "open", "rate_bps": 10_001}, 422, "rate_bps"),
    ]
    for body, status, field in cases:
        problem(client.post("/v1/affiliate-plans", json=body, headers=h), status, field)
    problem(
        client.post("/v1/affiliate-plans", json={"kind": "open", "rate_bps": 1}, headers=keys.h(keys.admin)),
        422,
        "merchant_id",
    )
    other = {"kind": "open", "rate_bps": 1, "merchant_id": keys.merchant_b}
    assert client.post("/v1/affiliate-plans", json=other, headers=h).status_code == 404
    for key in (keys.shop, keys.officer, creator_key(creator)):
        assert (
            client.post(
                "/v1/affiliate-plans", json={"kind": "open", "rate_bps": 1}, headers=keys.h(key)
            ).status_code
            == 403
        )


def test_who_sees_which_plans(client: TestClient, keys: Keys) -> None:
    with unit_of_work() as s:
        a, b = make_creator(s), make_creator(s)
    ha, hb = keys.h(creator_key(a)), keys.h(creator_key(b))
    mine = {"kind": "open", "name": "Alpha open", "rate_bps": 800, "categories": {"apparel": 1200}}
    opened = client.post("/v1/affiliate-plans", json=mine, headers=keys.h(keys.merchant))
    assert opened.status_code == 201, opened.text
    assert opened.json()["merchant_id"] == keys.merchant_a
    assert opened.json()["categories"] == {"apparel": 1200}
    for_both = {
        "kind": "targeted",
        "creators": [a, b],
        "products": {"TEE-1": 2000},
        "merchant_id": keys.merchant_b,
    }
    targeted = client.post("/v1/affiliate-plans", json=for_both, headers=keys.h(keys.admin))
    assert targeted.status_code == 201, targeted.text
    tid = targeted.json()["id"]
    # merchants: their own; admin: all, or one merchant's
    assert [
        p["id"] for p in client.get("/v1/affiliate-plans", headers=keys.h(keys.merchant)).json()["data"]
    ] == [opened.json()["id"]]
    assert client.get(f"/v1/affiliate-plans/{tid}", headers=keys.h(keys.merchant)).status_code == 404
    everyone = client.get(f"/v1/affiliate-plans?merchant_id={keys.merchant_b}", headers=keys.h(keys.admin))
    assert [p["id"] for p in everyone.json()["data"]] == [tid]
    # a creator sees the open plans and the targeted ones naming it, itself alone among their creators
    seen = client.get("/v1/affiliate-plans", headers=ha).json()["data"]
    assert [(p["id"], p["creators"]) for p in seen] == [(tid, [a]), (opened.json()["id"], [])]
    assert client.get(f"/v1/affiliate-plans/{tid}", headers=hb).json()["creators"] == [b]
    assert client.get("/v1/affiliate-plans", headers=keys.h(keys.shop)).status_code == 403


def test_an_order_placed_through_the_api_earns_the_creators_rate(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
) -> None:
    # the demo: Lumen's open plan (800 everywhere, apparel 1200) and Lina's targeted plan (1500, TEE 1800)
    q = quote(client, demo, sku="TEE-BASIC-M", qty=2, price="20.00")
    lina = order(client, demo, q, affiliate={"creator_id": "cre_demo_lina"})
    assert lina.status_code == 201, lina.text
    assert lina.json()["affiliate"]["rate_bps"] == 1800
    assert lina.json()["affiliate"]["plan"] == "targeted"
    q = quote(client, demo, sku="TEE-BASIC-M", qty=2, price="20.00")
    ayu = order(client, demo, q, affiliate={"creator_id": "cre_demo_ayu"})
    assert (ayu.json()["affiliate"]["rate_bps"], ayu.json()["affiliate"]["scope"]) == (1200, "category")
    with unit_of_work(write=False) as s:
        for placed, bps in ((lina.json(), 1800), (ayu.json(), 1200)):
            row = s.get(SettlementOrder, placed["id"])
            assert row is not None
            assert row.affiliate_id == placed["affiliate"]["creator_id"]
            assert row.affiliate_minor == bps_of(row.gross_settle_minor, bps)
    # a stated rate that contradicts the merchant's targeted plan is refused
    q = quote(client, demo)
    stated = order(
        client, demo, q, affiliate={"creator_id": "cre_demo_lina", "plan": "targeted", "rate_bps": 500}
    )
    problem(stated, 422, "affiliate.rate_bps")
    # and the order keeps its rate when the merchant publishes another plan
    publish("mer_demo_lumen", TARGETED, creators=["cre_demo_lina"], rate_bps=1)
    again = client.get(f"/v1/orders/{lina.json()['id']}", headers=demo.h(demo.admin)).json()
    assert again["affiliate"]["rate_bps"] == 1800
    assert again["settlement"]["affiliate_commission"] == lina.json()["settlement"]["affiliate_commission"]
    assert Role.creator.value == "creator"
