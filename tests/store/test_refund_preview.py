"""Order Details' Refund preview: what the ticked items refund, as the plan will, to the cent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import system_user
from returns.models import CancellationPlan, CancellationRequest
from returns.services import cancellation_plan_create, cancellation_request_approve
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _preview(client, order, items, **fields):
    url = reverse("store:refund_preview", kwargs={"number": order.number})
    return client.get(url, {"items": [str(i.pk) for i in items], **fields})


def _submit(client, order, items, **fields):
    url = reverse("store:order_detail", kwargs={"number": order.number})
    return client.post(url, {"items": [str(i.pk) for i in items], "accept_policy": "on", **fields})


def _two_line_order(customer, **traits):
    return OrderFactory(
        customer=customer,
        with_items=[
            (ProductFactory(name="Kilim Rug", price=Decimal("899.00")), 1),
            (ProductFactory(name="Towel Set", price=Decimal("66.63")), 3),
        ],
        discount_total=Decimal("49.80"),
        shipping_total=Decimal("29.90"),
        **traits,
    )


def _owner_confirms_the_cancellations(order):
    requests = CancellationRequest.objects.filter(order=order).values_list("pk", flat=True)
    return cancellation_plan_create(order_id=order.pk, request_ids=requests, created_by=system_user())


def _reasons(items, reason):
    return {f"reason_{item.pk}": reason.pk for item in items}


def test_order_details_has_the_refund_preview_and_its_script(customer_client, customer):
    order = _two_line_order(customer)
    content = customer_client.get(reverse("store:order_detail", kwargs={"number": order.number})).content.decode()
    assert "Refund preview" in content
    assert f'data-url="/orders/{order.number}/refund-preview/"' in content
    assert "js/refund_preview.js" in content


def test_nothing_ticked_previews_nothing(customer_client, customer):
    response = _preview(customer_client, _two_line_order(customer), [])
    assert response.status_code == 200
    assert "Tick Return This Item to see what you get back." in response.content.decode()


def test_cancelling_every_item_previews_shipping_and_the_total_the_plan_refunds(
    customer_client, customer, cancel_reason
):
    order = _two_line_order(customer)
    items = list(order.items.order_by("pk"))

    preview = _preview(customer_client, order, items, **_reasons(items, cancel_reason)).content.decode()
    _submit(customer_client, order, items, **_reasons(items, cancel_reason))
    plan = cancellation_plan_create(
        order_id=order.pk,
        request_ids=CancellationRequest.objects.values_list("pk", flat=True),
        created_by=system_user(),
    )

    assert plan.amount == order.total
    assert "29.90 TRY" in preview.split('class="shipping"')[1]
    assert f"{order.total:,} TRY" in preview.split('class="total"')[1]
    for plan_item in plan.items.all():
        assert f"{plan_item.amount:,} TRY" in preview.split(f'data-item="{plan_item.order_item_id}"')[1]


def test_part_of_a_line_previews_what_the_plan_of_the_split_row_refunds(customer_client, customer, cancel_reason):
    order = _two_line_order(customer)
    towels = order.items.get(product_name="Towel Set")
    fields = {**_reasons([towels], cancel_reason), f"quantity_{towels.pk}": "2"}

    preview = _preview(customer_client, order, [towels], **fields).content.decode()
    _submit(customer_client, order, [towels], **fields)
    plan = cancellation_plan_create(
        order_id=order.pk,
        request_ids=CancellationRequest.objects.values_list("pk", flat=True),
        created_by=system_user(),
    )

    assert plan.shipping_amount == 0  # one towel is left, so the order is not cancelled entirely
    assert 'class="shipping"' not in preview
    assert f"{plan.amount:,} TRY" in preview.split('class="total"')[1]


def test_a_seller_fault_return_previews_shipping_as_the_sellers_plan_refunds_it(customer_client, customer, seller_user):
    damaged = CancellationReasonFactory(refund=True, seller_fault=True, subject="Arrived damaged")
    order = _two_line_order(customer, delivered=True)
    rug = order.items.get(product_name="Kilim Rug")

    preview = _preview(customer_client, order, [rug], **_reasons([rug], damaged)).content.decode()
    _submit(customer_client, order, [rug], **_reasons([rug], damaged))
    cancellation_request_approve(
        request_id=CancellationRequest.objects.get().pk, approved_by=seller_user, without_return=True
    )

    plan = CancellationPlan.objects.get()
    assert plan.shipping_amount == Decimal("29.90")
    assert f"{plan.amount:,} TRY" in preview.split('class="total"')[1]


def test_the_same_return_for_another_reason_previews_no_shipping(customer_client, customer, return_reason):
    order = _two_line_order(customer, delivered=True)
    rug = order.items.get(product_name="Kilim Rug")
    preview = _preview(customer_client, order, [rug], **_reasons([rug], return_reason)).content.decode()
    assert 'class="shipping"' not in preview
    assert f"{rug.amount_paid:,} TRY" in preview.split('class="total"')[1]


def test_the_preview_is_in_turkish_money_for_a_turkish_customer(customer_client, customer, cancel_reason):
    customer_client.post("/i18n/setlang/", {"language": "tr"})
    order = _two_line_order(customer)
    items = list(order.items.all())
    content = _preview(customer_client, order, items, **_reasons(items, cancel_reason)).content.decode()
    assert "1.078,99 TL" in content
    assert "İade toplamı" in content


@pytest.mark.parametrize(
    "tamper",
    [
        lambda item, other: {"items": [str(other.pk)]},
        lambda item, other: {"items": ["not-a-number"]},
        lambda item, other: {"items": [str(item.pk)], f"quantity_{item.pk}": "9"},
        lambda item, other: {"items": [str(item.pk)], f"quantity_{item.pk}": "0"},
        lambda item, other: {"items": [str(item.pk)], f"reason_{item.pk}": "99999999"},
        lambda item, other: {"items": [str(item.pk)], f"reason_{item.pk}": "abc"},
    ],
)
def test_bad_input_is_a_400_that_says_so_and_changes_nothing(customer_client, customer, tamper):
    order = _two_line_order(customer)
    other = OrderFactory().items.get()
    towels = order.items.get(product_name="Towel Set")
    url = reverse("store:refund_preview", kwargs={"number": order.number})

    response = customer_client.get(url, tamper(towels, other))

    assert response.status_code == 400
    assert "cannot be previewed" in response.content.decode()
    assert not CancellationRequest.objects.exists()


def test_another_customers_order_is_a_404(client, other_customer, customer):
    order = _two_line_order(customer)
    client.force_login(other_customer)
    assert _preview(client, order, order.items.all()).status_code == 404


def test_the_preview_only_answers_get(customer_client, customer, cancel_reason):
    order = _two_line_order(customer)
    url = reverse("store:refund_preview", kwargs={"number": order.number})
    items = list(order.items.all())
    response = customer_client.post(url, {"items": [i.pk for i in items], "accept_policy": "on"})
    assert response.status_code == 405
    assert not CancellationRequest.objects.exists()


@pytest.mark.parametrize("rows", [1, 12])
def test_the_preview_query_count_does_not_grow_with_items(
    customer_client, customer, cancel_reason, django_assert_max_num_queries, rows
):
    order = OrderFactory(customer=customer, with_items=rows)
    items = list(order.items.all())
    customer_client.get("/")  # the session's first look-ups
    with django_assert_max_num_queries(9):
        assert _preview(customer_client, order, items, **_reasons(items, cancel_reason)).status_code == 200
