"""The customer's return and Omnitron's Orders, in Turkish."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory, SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _screenshot(page, name: str, tmp_path: Path) -> None:
    # Refreshed with UPDATE_SCREENSHOTS=1 make test, else kept out of the tree.
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    assert (folder / name).stat().st_size > 10_000


@pytest.fixture
def turkish_page(browser, live_server):
    context = browser.new_context(locale="tr-TR")
    yield context.new_page()
    context.close()


def test_a_customer_returns_an_item_in_turkish_from_siparislerim_to_under_evaluation(
    turkish_page, live_server, tmp_path
):
    # given a customer with a delivered order and a reason with its Turkish subject
    page = turkish_page
    UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz", preferred_language="")
    CancellationReasonFactory(refund=True, subject="Does not fit", subject_tr="Ürün olmadı")
    seller = SellerFactory(name="Anatolia Textiles")
    order = OrderFactory(
        customer=UserFactory(username="ayse"),
        with_items=[(ProductFactory(seller=seller, name="Pamuklu Havlu Seti", price=Decimal("1079.00")), 1)],
        delivered=True,
    )

    # when she signs in from a Turkish browser and opens the order from Siparişlerim
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Kullanıcı adı").fill("ayse")
    page.get_by_label("Şifre").fill("pw-for-tests")
    page.get_by_role("button", name="Giriş yap").click()
    expect(page.get_by_role("heading", name="Siparişlerim")).to_be_visible()
    expect(page.locator("table")).to_contain_text("1.079,00 TL")
    page.get_by_role("link", name=order.number).click()
    expect(page).to_have_title(f"Sipariş Detayı · {order.number} · Pazaryeri")

    # and returns the towel set
    row = page.locator("tr", has_text="Pamuklu Havlu Seti")
    row.get_by_label("Bu Ürünü İade Et").check()
    row.get_by_label("Pamuklu Havlu Seti için neden").select_option(label="Ürün olmadı")
    page.get_by_label("İade Politikasını okudum ve anladım").check()
    page.get_by_role("button", name="Seçili Ürünleri İade Et").click()

    # then she is told, in Turkish, that it is under evaluation
    expect(page.locator(".messages")).to_contain_text("değerlendiriliyor")
    expect(page.locator("table.items")).to_contain_text("İade: Beklemede")
    _screenshot(page, "order-details-tr.png", tmp_path)


def test_owner_staff_flip_the_switch_in_omnitron_and_see_orders_in_turkish(page, live_server, login, tmp_path):
    # given an order, and owner staff signed in to Omnitron in English
    UserFactory(username="owner", owner=True)
    order = OrderFactory(
        customer=UserFactory(first_name="Ayşe", last_name="Yılmaz"),
        with_items=[(ProductFactory(name="Wireless Headphones", price=Decimal("1079.00")), 1)],
    )
    login("owner", path="/admin/login/")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")

    # when they switch to Türkçe and open Orders
    page.get_by_role("button", name="Türkçe").click()
    page.locator("#content-main").get_by_role("link", name="Siparişler", exact=True).last.click()

    # then the Orders list is in Turkish, and so is the order's page
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("#changelist-filter")).to_contain_text("Süz")
    expect(page.locator("#result_list")).to_contain_text("1.079,00 TL")
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", name="Ürün Bilgileri")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("1.079,00 TL")
    _screenshot(page, "omnitron-order-detail-tr.png", tmp_path)
