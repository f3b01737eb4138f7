"""The delivery-windows page: the calibration report of an imported history, a chart per lane."""

from __future__ import annotations

import io

import pytest
from nicegui.testing import User

from core.clock import frozen
from core.db import unit_of_work
from logistics import history
from tests.console.conftest import SignIn
from tests.console.test_admin import ADMIN, fill, one
from tests.logistics.test_history import LANES, NOW, as_csv, lognormal_history


@pytest.fixture
def imported(people: None) -> None:
    from carriers.demo import seed_demo as carriers_demo
    from logistics.demo import seed_demo as logistics_demo

    with unit_of_work() as s:
        carriers_demo(s)
        logistics_demo(s)
    body = as_csv(lognormal_history(LANES, 2_000, seed=15))
    with frozen(NOW), unit_of_work() as s:
        assert history.import_history(s, stream=io.BytesIO(body), fmt="csv").imported == 6_000


async def test_each_lane_is_charted_against_its_window(sign_in: SignIn, imported: None) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/windows")
    await user.should_see(marker="page-title", content="Delivery windows")
    await user.should_see(marker="windows-totals", content="3 lanes, 3 meeting the goal")
    lane = "lane-china-post-china-post-epacket-cn-id"
    await user.should_see(marker=f"{lane}-verdict", content="meets the goal")
    await user.should_see(marker=f"{lane}-summary", content="On the newest 400:")
    await user.should_see(marker=f"{lane}-quoted", content="Against the window a quote gives")
    with user:
        options = one(user, f"{lane}-chart").options
    (series,) = options["series"]
    assert sum(bar["value"] for bar in series["data"]) == 400
    first, last = series["markArea"]["data"][0]
    earliest, latest = int(first["xAxis"]), int(last["xAxis"])
    colours = {
        int(day): bar["itemStyle"]["color"]
        for day, bar in zip(options["xAxis"]["data"], series["data"], strict=True)
    }
    assert {d for d, c in colours.items() if c == "#0f766e"} == set(range(earliest, latest + 1))
    assert all(c == "#f59e0b" for d, c in colours.items() if d < earliest)
    assert all(c == "#dc2626" for d, c in colours.items() if d > latest)


async def test_filters_narrow_the_lanes_and_a_bad_country_is_named(sign_in: SignIn, imported: None) -> None:
    user = await sign_in(ADMIN)
    await user.open("/admin/windows")
    fill(user, filter_destination="usa")
    user.find(marker="filter-show").click()
    with user:
        assert one(user, "filter-destination").error == "an ISO 3166-1 alpha-2 code, such as ID"
    fill(user, filter_destination="id")
    user.find(marker="filter-show").click()
    await user.should_see(marker="windows-totals", content="1 lanes")
    await user.should_see(marker="lane-china-post-china-post-epacket-cn-id-chart")
    await user.should_not_see(marker="lane-yunexpress-yun-global-line-cn-us-chart")


async def test_only_admins_see_the_page(sign_in: SignIn) -> None:
    user: User = await sign_in("merchant@lumen.example")
    response = await user.http_client.get("/admin/windows")
    assert response.status_code == 303
