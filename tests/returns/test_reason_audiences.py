"""Reasons by audience: customers, the owner's staff and sellers each choose from their own
reasons, on every form and through the API; the services accept nothing else."""

import pytest
from django.urls import reverse

from returns.exceptions import ReasonError
from returns.models import CancellationPlan, CancellationRequest
from returns.selectors import cancellation_reason_list_for
from returns.services import RequestLine, cancellation_request_create, order_items_cancel
from tests.backoffice.omnitron.helpers import apply_transaction
from tests.factories import CancellationReasonFactory, CancellationRequestFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reasons(db):
    """A reason of each audience and type, as the demo has them."""
    return {
        "customer_cancel": CancellationReasonFactory(subject="I changed my mind"),
        "customer_return": CancellationReasonFactory(subject="The product does not fit", refund=True),
        "owner_cancel": CancellationReasonFactory(subject="Suspected fraud", for_owner=True),
        "owner_return": CancellationReasonFactory(subject="Asked by phone", refund=True, for_owner=True),
        "seller_cancel": CancellationReasonFactory(subject="Out of stock", for_seller=True),
    }


def test_the_selector_lists_one_audiences_active_reasons_of_a_type(reasons):
    CancellationReasonFactory(subject="Retired", for_owner=True, inactive=True)

    assert cancellation_reason_list_for(audience="owner") == [reasons["owner_cancel"], reasons["owner_return"]]
    assert cancellation_reason_list_for(audience="seller", cancellation_type="cancel") == [reasons["seller_cancel"]]
    assert cancellation_reason_list_for(audience="customer", cancellation_type="refund") == [reasons["customer_return"]]


def test_the_customers_order_details_offer_only_customers_reasons(customer_client, customer, reasons):
    order = OrderFactory(customer=customer)

    page = customer_client.get(reverse("store:order_detail", kwargs={"number": order.number})).content.decode()

    assert "I changed my mind" in page
    assert "Out of stock" not in page
    assert "Suspected fraud" not in page
    assert "The product does not fit" not in page  # a return reason, and the item has not shipped


def test_a_customer_cannot_use_a_sellers_reason(customer, reasons):
    order = OrderFactory(customer=customer)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reasons["seller_cancel"].pk)

    with pytest.raises(ReasonError, match="cannot be used here"):
        cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    assert not CancellationRequest.objects.exists()


def test_the_owner_cancels_with_an_owners_reason_and_not_a_customers(owner, customer, reasons):
    order = OrderFactory(customer=customer, with_items=2)
    first = order.items.order_by("pk").first()

    with pytest.raises(ReasonError):
        order_items_cancel(
            order_id=order.pk, item_ids=[first.pk], reason_id=reasons["customer_cancel"].pk, cancelled_by=owner
        )
    plan = order_items_cancel(
        order_id=order.pk, item_ids=[first.pk], reason_id=reasons["owner_cancel"].pk, cancelled_by=owner
    )

    assert plan.items.get().cancellation_request.reason == reasons["owner_cancel"]


def test_the_owner_confirms_the_customers_own_cancellation_without_a_reason_and_it_keeps_the_customers(
    owner_client, customer, reasons
):
    order = OrderFactory(customer=customer, with_items=2)
    item = order.items.order_by("pk").first()
    asked = CancellationRequestFactory(order_item=item, reason=reasons["customer_cancel"])
    data = {"item_ids": [item.pk], "action": "cancel_return_selected", "transaction": "cancel", "reason": ""}
    url = reverse("admin:orders_order_cancel_return", args=[order.pk])

    confirmation = owner_client.post(url, data).content.decode()
    done = owner_client.post(url, {**data, "confirm": "yes"})

    assert "<h1>Order Cancel</h1>" in confirmation
    row = confirmation.split('class="reason">')[1].split("</td>")[0]
    assert "I changed my mind" in row
    assert "the customer’s request" in row
    assert done.status_code == 302
    plan = CancellationPlan.objects.get()
    assert plan.items.get().cancellation_request == asked
    asked.refresh_from_db()
    assert asked.reason == reasons["customer_cancel"]


def test_a_cancel_of_other_items_too_still_asks_the_owner_for_a_reason(owner_client, customer, reasons):
    order = OrderFactory(customer=customer, with_items=2)
    asked_for, other = order.items.order_by("pk")
    CancellationRequestFactory(order_item=asked_for, reason=reasons["customer_cancel"])

    response = owner_client.post(
        reverse("admin:orders_order_cancel_return", args=[order.pk]),
        {"item_ids": [asked_for.pk, other.pk], "action": "cancel_return_selected", "transaction": "cancel"},
    )

    assert "Choose a cancellation reason for the items nobody asked to cancel." in response.content.decode()
    assert not CancellationPlan.objects.exists()


def test_a_return_from_omnitron_needs_a_return_reason_said_in_words(owner_client, customer, reasons):
    order = OrderFactory(customer=customer, delivered=True)

    missing = apply_transaction(owner_client, order, order.items.all(), "refund", reasons["owner_return"])
    wrong = apply_transaction(owner_client, order, order.items.all(), "refund", reasons["owner_cancel"])
    customers = apply_transaction(owner_client, order, order.items.all(), "refund", reasons["customer_return"])

    assert "<h1>Order Return</h1>" in missing.content.decode()
    assert (
        "“Suspected fraud” is a reason for a cancellation; for a return choose a return reason."
        in wrong.content.decode()
    )
    assert "Select a valid choice" in customers.content.decode()
    assert not CancellationRequest.objects.exists()


def test_seller_centers_reject_an_item_offers_only_sellers_cancellation_reasons(
    seller_client, seller, customer, reasons
):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)])
    package = order.packages.get()
    url = reverse("seller:orders_package_reject_item", args=[package.pk])

    form = seller_client.get(url).content.decode()
    refused = seller_client.post(url, {"item": order.items.get().pk, "reason": reasons["customer_cancel"].pk})

    assert "Out of stock" in form
    assert "I changed my mind" not in form
    assert "Suspected fraud" not in form
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not CancellationPlan.objects.exists()
