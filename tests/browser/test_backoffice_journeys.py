import pytest
from playwright.sync_api import expect

from tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_confirms_a_customer_cancellation_from_the_order_detail(page, live_server, login):
    # given a customer's cancellation request on a waiting order
    UserFactory(username="owner", owner=True)
    customer = UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz")
    reason = CancellationReasonFactory(subject="I changed my mind")
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(name="Waffle Bathrobe"), 1), (ProductFactory(), 1)]
    )
    CancellationRequestFactory(order_item=order.items.get(product_name="Waffle Bathrobe"), reason=reason)
    OrderFactory(customer=customer)  # another order, without a request

    # when the owner finds it in Orders through the open-request filter and opens it
    login("owner", path="/admin/login/")
    page.locator("#content-main").get_by_role("link", name="Orders", exact=True).last.click()
    expect(page.locator("#site-name")).to_contain_text("Omnitron")
    page.locator("#changelist-filter").get_by_role("link", name="Yes").click()  # open request: Yes
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", name="Product Information")).to_be_visible()

    # and applies Cancel/Return Selected Items with Transaction Cancel, then Yes on Order Cancel
    page.get_by_label("Select Waffle Bathrobe").check()
    page.get_by_label("Action", exact=True).select_option(label="Cancel/Return Selected Items")
    page.get_by_label("Transaction").select_option(label="Cancel")
    # (no reason: the customer's stands, and the customer's reasons are not the owner's to choose)
    expect(page.get_by_label("Reason").locator("option", has_text="I changed my mind")).to_have_count(0)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Order Cancel")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("Waffle Bathrobe")
    expect(page.locator("td.reason")).to_contain_text("I changed my mind (the customer’s request)")
    page.get_by_role("button", name="Yes").click()

    # then the plan is at the bottom of the order's page
    expect(page.locator(".messagelist")).to_contain_text("Cancellation plan")
    plans = page.locator("#cancellation-plans")
    expect(plans.locator(".plan-row")).to_have_count(1)
    expect(plans).to_contain_text("Waffle Bathrobe")


def test_seller_ships_confirms_and_rejects_and_the_customer_sees_the_outcome(page, browser, live_server, login):
    # given a seller with a package to ship and two waiting returns
    seller_user = UserFactory(username="anatolia")
    seller = SellerFactory(name="Anatolia Textiles", staff=[seller_user])
    customer = UserFactory(username="ayse")
    reason = CancellationReasonFactory(refund=True, subject="Does not fit")
    to_ship = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=seller, name="Kilim Rug"), 1)], ready_to_ship=True
    )
    delivered = OrderFactory(
        customer=customer,
        delivered=True,
        with_items=[
            (ProductFactory(seller=seller, name="Towel Set"), 1),
            (ProductFactory(seller=seller, name="Peshtemal"), 1),
        ],
    )
    towel, peshtemal = (
        CancellationRequestFactory(order_item=item, refund=True, reason=reason, parcel_received=True)
        for item in delivered.items.order_by("pk")  # the carrier delivered both parcels to the seller
    )

    # when the seller ships the package with a tracking number
    login("anatolia", path="/seller/login/")
    expect(page.locator("#site-name")).to_contain_text("Seller Center")
    page.locator("#content-main").get_by_role("link", name="Packages", exact=True).click()
    page.locator("tr", has_text=to_ship.number).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Ship (carrier and tracking number)")
    page.get_by_role("button", name="Run").click()
    page.get_by_label("Carrier").fill("Yurtiçi Kargo")
    page.get_by_label(f"Tracking number for {to_ship.number}").fill("YK-778899")
    page.get_by_role("button", name="Ship").click()
    expect(page.locator(".messagelist")).to_contain_text("Shipped: 1 package")
    expect(page.locator("tr", has_text=to_ship.number)).to_contain_text("YK-778899")

    # and confirms one return and rejects the other with a note
    page.goto(f"{live_server.url}/seller/returns/cancellationrequest/{towel.pk}/change/")
    page.get_by_role("link", name="Confirm").click()
    page.get_by_role("button", name="Yes").click()
    expect(page.locator(".messagelist")).to_contain_text("Confirmed")
    page.goto(f"{live_server.url}/seller/returns/cancellationrequest/{peshtemal.pk}/change/")
    page.get_by_role("link", name="Reject").click()
    expect(page.get_by_label("Note to the customer")).to_have_attribute("required", "")
    page.get_by_label("Note to the customer").fill("The label was removed")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected")

    # then the customer's Order Details show the outcome
    store = browser.new_context().new_page()
    store.goto(f"{live_server.url}/accounts/login/")
    store.get_by_label("Username").fill("ayse")
    store.get_by_label("Password").fill("pw-for-tests")
    store.get_by_role("button", name="Log in").click()
    store.goto(f"{live_server.url}/orders/{delivered.number}/")
    requests = store.locator("section", has_text="Cancellation and return requests")
    expect(requests).to_contain_text("The label was removed")
    expect(requests).to_contain_text("Return code")
    expect(requests.locator(".return-code")).to_have_text([peshtemal.return_code, towel.return_code])


def test_the_owner_can_tick_only_the_items_that_can_take_the_chosen_transaction(page, live_server, login):
    # given an order with one shipped item and one still being prepared, and the owner's reasons
    from orders.services import package_move

    UserFactory(username="owner", owner=True)
    order = OrderFactory(
        with_items=[
            (ProductFactory(name="Kilim Rug", seller=SellerFactory(name="Anatolia")), 1),
            (ProductFactory(name="Speaker", seller=SellerFactory(name="Bosphorus")), 1),
        ]
    )
    shipped = order.packages.get(seller__name="Anatolia")
    package_move(package_id=shipped.pk, move="mark_ready_to_ship")
    package_move(package_id=shipped.pk, move="ship", carrier="Yurtiçi Kargo", tracking_number="YK-1")
    CancellationReasonFactory(subject="Suspected fraud", for_owner=True)
    CancellationReasonFactory(subject="Asked by phone", refund=True, for_owner=True)

    # when the owner opens its Order Detail with Transaction Cancel
    login("owner", path="/admin/login/")
    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")
    rug, speaker = page.get_by_label("Select Kilim Rug"), page.get_by_label("Select Speaker")
    reason = page.get_by_label("Reason")
    page.get_by_label("Transaction").select_option(label="Cancel")

    # then only the unshipped item can be ticked, the shipped one says why, and only cancel reasons are offered
    expect(rug).to_be_disabled()
    expect(speaker).to_be_enabled()
    expect(page.locator("#product-information tr", has_text="Kilim Rug")).to_contain_text("Cannot be cancelled")
    expect(reason.locator("option:enabled", has_text="Suspected fraud")).to_have_count(1)
    expect(reason.locator("option:enabled", has_text="Asked by phone")).to_have_count(0)

    # and with Transaction Return it is the other way round, and the return goes to its confirmation
    speaker.check()
    page.get_by_label("Transaction").select_option(label="Return")
    expect(speaker).to_be_disabled()
    expect(speaker).not_to_be_checked()
    expect(rug).to_be_enabled()
    expect(reason.locator("option:enabled", has_text="Suspected fraud")).to_have_count(0)
    rug.check()
    reason.select_option(label="Asked by phone")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Order Return")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("Kilim Rug")
    expect(page.locator("#content-main")).not_to_contain_text("Speaker")


def test_a_seller_reads_a_package_page_with_the_customer_the_address_and_its_moves(page, live_server, login, tmp_path):
    import os
    from pathlib import Path

    # given a seller's package of a customer's order, being prepared
    seller_user = UserFactory(username="anatolia")
    seller = SellerFactory(name="Anatolia Textiles", staff=[seller_user])
    customer = UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz")
    order = OrderFactory(
        customer=customer,
        shipping_address="Ayşe Yılmaz\nBağdat Cd. 100\nİstanbul",
        with_items=[(ProductFactory(seller=seller, name="Turkish Cotton Towel Set"), 3)],
    )
    CancellationReasonFactory(subject="Out of stock", for_seller=True)

    # when the seller opens it from Packages
    login("anatolia", path="/seller/login/")
    page.goto(f"{live_server.url}/seller/orders/package/{order.packages.get().pk}/change/")

    # then it shows whose it is, where it goes, its items and the moves it allows
    content = page.locator("#content")
    expect(content).to_contain_text("Ayşe Yılmaz")
    expect(content).to_contain_text("Bağdat Cd. 100")
    expect(content).to_contain_text("Turkish Cotton Towel Set")
    expect(
        content.get_by_role("button", name="Ready to Ship").or_(content.get_by_role("link", name="Ready to Ship")).first
    ).to_be_visible()
    # The README's screenshot: refreshed with UPDATE_SCREENSHOTS=1, else kept out of the tree.
    screenshots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    folder = screenshots if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / "seller-center-package.png"), full_page=True)
