"""Omnitron's Order Detail: the rows of Product Information and History."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from accounts.roles import VIEWER
from backoffice.omnitron.forms import OrderItemsActionForm
from tests.factories import OrderFactory, ProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _section(content: str, section_id: str) -> str:
    return content.split(f'id="{section_id}"')[1].split('<div class="module"')[0]


def _owner_signed_in_in(client, owner, language: str):
    owner.preferred_language = language
    owner.save(update_fields=["preferred_language"])
    client.force_login(owner)
    return client


def _products(client, order) -> str:
    return _section(
        client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode(), "product-information"
    )


def _history(client, order) -> str:
    return _section(client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode(), "history")


def test_product_information_shows_each_line_with_its_sku_seller_package_money_and_status(owner_client, customer):
    seller = SellerFactory(name="Anatolia <Textiles>")
    order = OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(seller=seller, name="Kilim Rug", price=Decimal("1249.90")), 2)],
        discount_total=Decimal("100.00"),
        shipped=True,
    )
    OrderFactory(customer=customer, with_items=[(ProductFactory(name="Someone Else's Towel"), 1)])
    item = order.items.get()

    products = _products(owner_client, order)

    for text in [
        "Kilim Rug",
        f"<td>{item.sku}</td>",
        "<td>Anatolia &lt;Textiles&gt;</td>",
        f"<td>Shipped (Test Cargo TRACK-{order.number})</td>",
        "> / 2</td>",  # the quantity to cancel or return, of 2
        "<td>1,249.90 TRY</td>",
        "<td>100.00 TRY</td>",
        "<td>2,399.80 TRY</td>",
    ]:
        assert text in products
    assert products.count("<td>Shipped") == 2  # the package, then the line
    assert "Someone Else" not in products


def test_order_information_shows_a_discount_taken_off_as_the_store_does(owner_client, customer):
    discounted = OrderFactory(customer=customer, discount_total=Decimal("100.00"))
    undiscounted = OrderFactory(customer=customer)

    def information(order):
        page = owner_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
        return _section(page, "order-information")

    assert "<td>−100.00 TRY</td>" in information(discounted)
    assert "<td>0.00 TRY</td>" in information(undiscounted)


def test_every_line_has_a_checkbox_labelled_with_its_product(owner_client, customer):
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(name="Towel <Set>"), 1), (ProductFactory(name="Peshtemal"), 1)]
    )
    towel, peshtemal = order.items.order_by("pk")

    products = _products(owner_client, order)

    assert products.count('type="checkbox"') == 2
    for index, (item, name) in enumerate([(towel, "Towel &lt;Set&gt;"), (peshtemal, "Peshtemal")]):
        box = f'id="id_item_ids_{index}"'
        assert f'<input type="checkbox" name="item_ids" value="{item.pk}" {box}>' in products
        assert (
            f'<label for="id_item_ids_{index}"><span class="visually-hidden">Select</span> {name}</label>' in products
        )


def test_a_viewer_sees_every_line_without_a_checkbox_to_tick(client, staff_in, customer):
    client.force_login(staff_in(VIEWER))
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Kilim Rug"), 1), (ProductFactory(), 1)])

    products = _products(client, order)

    assert "<td>Kilim Rug</td>" in products
    assert products.count("<tr") == 3  # the heading and both lines
    assert 'type="checkbox"' not in products


def test_lines_ticked_before_a_refused_apply_are_still_ticked(owner_client, customer):
    order = OrderFactory(customer=customer, with_items=2)
    ticked, left = order.items.order_by("pk")

    response = owner_client.post(
        reverse("admin:orders_order_cancel_return", args=[order.pk]),
        {"item_ids": [ticked.pk], "action": "cancel_return_selected", "transaction": "cancel"},  # no reason
    )

    products = _section(response.content.decode(), "product-information")
    assert "Choose a cancellation reason for the items nobody asked to cancel." in products
    assert f'value="{ticked.pk}" id="id_item_ids_0" checked>' in products
    assert f'value="{left.pk}" id="id_item_ids_1">' in products


def test_each_checkbox_is_written_as_djangos_widget_writes_it_ticked_and_marked_invalid(owner_client, customer):
    order = OrderFactory(customer=customer, with_items=3)
    items = list(order.items.order_by("pk"))
    posted = {"item_ids": [str(items[1].pk), "0"], "action": "cancel_return_selected", "transaction": "cancel"}

    response = owner_client.post(reverse("admin:orders_order_cancel_return", args=[order.pk]), posted)

    products = _section(response.content.decode(), "product-information")
    djangos = OrderItemsActionForm(posted, order_items=items)
    assert djangos["item_ids"].errors  # "0" is no item of the order: every box is marked invalid
    for box in djangos["item_ids"]:
        assert 'aria-invalid="true"' in box.tag()
        assert box.tag() in products
    assert products.count(" checked>") == 1


def test_history_says_when_in_the_pages_time_zone_what_moved_who_moved_it_and_why(owner_client, customer, settings):
    settings.TIME_ZONE = "Europe/Istanbul"
    order = OrderFactory(customer=customer)
    item = order.items.get()
    StateLog.objects.all().delete()
    clerk = UserFactory(first_name="Mehmet", last_name="Demir")
    StateLog.objects.create(
        content_object=item,
        transition="request_cancellation",
        source_state="preparing",
        state="cancellation_waiting",
        by=clerk,
        description="Customer called <at noon>",
        timestamp=datetime.datetime(2026, 1, 2, 12, 4, tzinfo=datetime.UTC),
    )

    history = _history(owner_client, order)

    assert (
        f"<tr><td>Jan. 2, 2026, 3:04 p.m.</td><td>{item.product_name} × 1</td><td>Cancellation requested</td>"
        "<td>Preparing → Cancellation Waiting</td><td>Mehmet Demir</td>"
        "<td>Customer called &lt;at noon&gt;</td></tr>"
    ) in history


def test_history_without_a_reason_or_a_person_leaves_why_empty_and_names_the_system(owner_client, customer):
    order = OrderFactory(customer=customer)
    StateLog.objects.all().delete()
    StateLog.objects.create(content_object=order, transition="sync_status", state="shipped")

    history = _history(owner_client, order)

    assert f"<td>Order {order.number}</td><td>Sync status</td><td>Shipped</td><td>System</td><td></td></tr>" in history


def test_in_turkish_each_checkbox_is_labelled_the_turkish_way(client, owner, customer):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Peştemal"), 1)])

    content = _products(_owner_signed_in_in(client, owner, "tr"), order)

    assert '<label for="id_item_ids_0">Peştemal <span class="visually-hidden">seç</span></label>' in content


@pytest.mark.parametrize(("language", "expected"), [("en", "March 4, 2026, 2:05 p.m."), ("tr", "04 Mart 2026 14:05")])
def test_history_times_use_the_languages_date_and_time_format(client, owner, customer, settings, language, expected):
    settings.TIME_ZONE = "UTC"
    order = OrderFactory(customer=customer)
    StateLog.objects.all().delete()
    StateLog.objects.create(
        content_object=order,
        transition="sync_status",
        state="shipped",
        timestamp=datetime.datetime(2026, 3, 4, 14, 5, tzinfo=datetime.UTC),
    )

    history = _history(_owner_signed_in_in(client, owner, language), order)

    assert f"<tr><td>{expected}</td>" in history
