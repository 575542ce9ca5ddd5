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
    page.get_by_label("Reason").select_option(label="I changed my mind")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Order Cancel")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("Waffle Bathrobe")
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
