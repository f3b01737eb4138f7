"""The trader information page in NiceGUI's user simulation: a merchant sees and gives its own information
(never another's); an admin sets the verification state, kept in the history."""

from __future__ import annotations

from typing import Any

from nicegui.testing import User

from core.db import unit_of_work
from core.models import Merchant, TraderInfo
from tests.console.conftest import SignIn

LUMEN, BATIK, KAWAII = "mer_demo_lumen", "mer_demo_batik", "mer_demo_kawaii"


def _one(user: User, marker: str) -> Any:
    (element,) = user.find(marker=marker).elements
    return element


def _stored(merchant_id: str) -> tuple[str, str | None]:
    with unit_of_work(write=False) as s:
        merchant = s.get(Merchant, merchant_id)
        info = s.get(TraderInfo, merchant_id)
        assert merchant is not None
        assert info is not None
        return merchant.trader_verification, info.phone


async def test_a_merchant_sees_and_changes_its_own_information(sign_in: SignIn) -> None:
    user = await sign_in("merchant@lumen.example")
    await user.open("/merchant/trader")
    await user.should_see(marker="trader-state", content="verified")
    await user.should_see(marker="trader-missing", content="sales to the EU are open")
    assert _one(user, "trader-legal_name").value == "Shenzhen Lumen Home Goods Co., Ltd."
    await user.should_not_see(marker="set-verification")  # only an admin verifies

    user.find(marker="trader-phone").clear().type("0755 8888")
    user.find(marker="save-trader").click()
    assert _one(user, "trader-phone").error, "the service's error is shown on the phone field"
    assert _stored(LUMEN) == ("verified", "+8675588880000")

    user.find(marker="trader-phone").clear().type("+8675588881111")
    user.find(marker="save-trader").click()
    await user.should_see("waits for the marketplace's verification")
    assert _stored(LUMEN) == ("pending", "+8675588881111")
    await user.should_see(marker="trader-missing", content="Verification by the marketplace")


async def test_a_merchant_never_sees_another_merchants_information(sign_in: SignIn) -> None:
    user = await sign_in("merchant@batik.example")
    await user.open(f"/merchant/trader?merchant={LUMEN}")
    await user.should_see(marker="problem", content="Not found")
    await user.should_not_see("Shenzhen")


async def test_an_admin_verifies_a_pending_trader(sign_in: SignIn) -> None:
    user = await sign_in("admin@tradelane.example")
    await user.open(f"/merchant/trader?merchant={KAWAII}")
    await user.should_see(marker="trader-state", content="pending")
    _one(user, "trader-verification-state").value = "verified"
    user.find(marker="trader-verification-reason").type("registry extract checked")
    user.find(marker="set-verification").click()
    await user.should_see("Verification set to verified.")
    assert _stored(KAWAII)[0] == "verified"
    await user.should_see(marker="trader-state", content="verified")
    await user.should_see("registry extract checked")
    await user.should_see("pending → verified")
