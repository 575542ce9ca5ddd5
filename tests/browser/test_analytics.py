"""Returns Analytics in a browser, as the owner and as a seller: charts and tables are there."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import DailyReturnFiguresFactory, DailySalesFactory, ProductFactory, SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _figures():
    anatolia = SellerFactory(name="Anatolia Textiles", staff=[UserFactory(username="anatolia")])
    bosphorus = SellerFactory(name="Bosphorus Electronics")
    for seller, name, sold, returned in (
        (anatolia, "Turkish Cotton Towel Set", 40, 6),
        (anatolia, "Waffle Bathrobe", 25, 2),
        (bosphorus, "Wireless Headphones", 30, 5),
    ):
        product = ProductFactory(seller=seller, name=name)
        DailySalesFactory(product=product, items=sold)
        DailyReturnFiguresFactory(product=product, requests=returned, items=returned, decision_hours={"6": returned})


@pytest.mark.parametrize(
    ("username", "path", "shot", "absent"),
    [
        ("owner", "/admin/", "analytics-omnitron.png", None),
        ("anatolia", "/seller/", "analytics-seller-center.png", "Wireless Headphones"),
    ],
)
def test_analytics_shows_charts_and_tables(page, live_server, login, tmp_path, username, path, shot, absent):
    # given figures of two sellers
    if username == "owner":
        UserFactory(username="owner", owner=True)
    _figures()
    # when the user opens Returns Analytics from the index
    login(username, path=f"{path}login/")
    page.locator("#content-main").get_by_role("link", name="Returns Analytics").click()
    # then each table has its chart, with a title a screen reader reads
    expect(page.get_by_role("heading", name="By product")).to_be_visible()
    expect(page.locator("svg.analytics-chart")).to_have_count(5)
    expect(page.get_by_role("img", name="Items cancelled or returned by product")).to_be_visible()
    expect(page.locator("#content-main table").nth(3)).to_contain_text("Turkish Cotton Towel Set")
    if absent:
        expect(page.locator("#content-main")).not_to_contain_text(absent)
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / shot), full_page=True)
    assert (folder / shot).stat().st_size > 10_000
