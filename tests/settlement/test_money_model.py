"""Stateful: random streams of DDP and DAP checkouts (VAT collected under IOSS, UK VAT and AU GST, or nothing)
in five shopper currencies for merchants settling in EUR, USD, JPY and KWD (minor units 2, 2, 0, 3); creators
earning at the rate their merchant's open and targeted affiliate plans give them, and slot fees; fulfilment
fees when units ship and when returns arrive; partial and full refunds; deliveries and the clock moving past
holds and return windows; releases; settlement runs paying merchants and creators; payouts confirmed or failed
(also after being paid); tax remittances; replays of any call and refusals of too much; across a policy
change (commission on goods and shipping from day 45). After every step every account (each merchant's and
creator's pending, available, reserved and in transit, and the cached balances; each authority's duties and
taxes payable per currency; the platform's commission, processing, fulfilment, shipping, FX and cash) equals
a model of plain integers and dictionaries (`money_model/`: `terms.py` and `books.py`, no project code) to
the minor unit, every transaction sums to zero per currency, and the taxes due per month are the model's.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from compliance.defaults import load_defaults
from compliance.evaluation import invalidate
from core.clock import frozen
from core.db import unit_of_work
from settlement.policy import PolicyBody, set_policy
from tests.settlement.money_model import terms
from tests.settlement.money_model.machine import MoneyMachine


def test_money_goes_where_the_model_says(db_url: str) -> None:
    with unit_of_work() as s:
        load_defaults(s)  # compliance's payout holds: a trader whose verification is pending waits a week
    invalidate()
    for start, body in terms.POLICIES:
        with frozen(terms.T0), unit_of_work() as s:
            set_policy(s, body=PolicyBody.model_validate(body), effective_from=start, note="money model")
    # about 600 steps: under a minute on either database on two cores
    MoneyMachine.TestCase.settings = settings(
        max_examples=10,
        stateful_step_count=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    MoneyMachine.TestCase().runTest()
