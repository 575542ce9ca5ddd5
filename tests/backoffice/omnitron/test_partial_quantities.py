"""Omnitron's Cancel/Return of part of a line, as the customer may: the confirmation's refund
equals the plan's to the cent, and the rest of the line stays as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse

from returns.models import CancellationPlan, CancellationRequest
from returns.services import cancellation_request_approve
from tests.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _order(customer, **traits):
    """Three towel sets and a rug, with a discount shared over them and shipping."""
    return OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(price=Decimal("199.90"), name="Towel Set"), 3), (ProductFactory(), 1)],
        discount_total=Decimal("49.80"),
        shipping_total=Decimal("29.90"),
        **traits,
    )


def _post(client, order, item, transaction, reason, quantity, confirm=False):
    data = {
        "item_ids": [item.pk],
        "action": "cancel_return_selected",
        "transaction": transaction,
        "reason": reason.pk,
        f"quantity_{item.pk}": quantity,
    }
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse("admin:orders_order_cancel_return", args=[order.pk]), data)


def test_the_order_detail_offers_a_quantity_for_lines_of_more_than_one(owner_client, customer):
    order = _order(customer)
    towels, rug = order.items.order_by("pk")

    page = owner_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    assert f'name="quantity_{towels.pk}"' in page
    assert f'name="quantity_{rug.pk}"' not in page


def test_cancelling_part_of_a_line_shows_what_the_plan_refunds_to_the_cent(owner_client, customer, owner_cancel_reason):
    order = _order(customer)
    towels = order.items.get(quantity=3)

    page = _post(owner_client, order, towels, "cancel", owner_cancel_reason, 1).content.decode()
    done = _post(owner_client, order, towels, "cancel", owner_cancel_reason, 1, confirm=True)

    plan = CancellationPlan.objects.get()
    assert done.status_code == 302
    assert plan.items.get().quantity == 1
    assert plan.shipping_amount == Decimal("0.00")
    assert '<td class="quantity">1 / 3</td>' in page
    assert f"Total</th><th>{plan.amount:,} TRY" in page
    assert f'name="quantity_{towels.pk}" value="1"' in page
    remaining = order.items.filter(product_name="Towel Set").exclude(pk=plan.items.get().order_item_id).get()
    assert (remaining.quantity, remaining.status) == (2, "preparing")


def test_returning_part_of_a_line_for_a_seller_fault_equals_the_sellers_plan(owner_client, customer, seller_user):
    from tests.factories import CancellationReasonFactory

    faulty = CancellationReasonFactory(refund=True, seller_fault=True, subject="Arrived damaged", for_owner=True)
    order = _order(customer, delivered=True)
    towels = order.items.get(quantity=3)

    page = _post(owner_client, order, towels, "refund", faulty, 2).content.decode()
    _post(owner_client, order, towels, "refund", faulty, 2, confirm=True)
    cancellation = CancellationRequest.objects.get()
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user, without_return=True)

    plan = CancellationPlan.objects.get()
    assert cancellation.quantity == 2
    assert plan.shipping_amount == Decimal("29.90")
    assert f"Total</th><th>{plan.amount:,} TRY" in page


def test_a_quantity_above_the_line_is_refused_and_creates_nothing(owner_client, customer, owner_cancel_reason):
    order = _order(customer)
    towels = order.items.get(quantity=3)

    response = _post(owner_client, order, towels, "cancel", owner_cancel_reason, 4, confirm=True)

    assert "Ensure this value is less than or equal to 3." in response.content.decode()
    assert not CancellationRequest.objects.exists()
