"""Omnitron's Orders list, Order Detail and Cancel/Return Selected Items."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from returns.models import CancellationPlan, CancellationRequest
from tests.factories import (
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
)

from .helpers import apply_transaction as _apply

pytestmark = pytest.mark.django_db


def _detail(order):
    return reverse("admin:orders_order_change", args=[order.pk])


def _action(order):
    return reverse("admin:orders_order_cancel_return", args=[order.pk])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_orders_list_shows_number_customer_status_total_sellers_and_open_request(
    owner_client, customer, owner_return_reason
):
    seller = SellerFactory(name="Anatolia Textiles")
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)], delivered=True)
    CancellationRequestFactory(order_item=order.items.get(), refund=True, reason=owner_return_reason)
    content = owner_client.get(reverse("admin:orders_order_changelist")).content.decode()
    for text in [order.number, "Ayşe Yılmaz", "Delivered", "100.00", "Anatolia Textiles", "Omnitron"]:
        assert text in content


def test_orders_list_filters_and_search(owner_client, customer, other_customer):
    seller = SellerFactory()
    mine = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)], shipped=True)
    other = OrderFactory(customer=other_customer)
    url = reverse("admin:orders_order_changelist")
    assert [o.pk for o in owner_client.get(url, {"status__exact": "shipped"}).context["cl"].result_list] == [mine.pk]
    assert [o.pk for o in owner_client.get(url, {"seller": seller.pk}).context["cl"].result_list] == [mine.pk]
    assert [o.pk for o in owner_client.get(url, {"q": other.number}).context["cl"].result_list] == [other.pk]
    assert [o.pk for o in owner_client.get(url, {"q": other.number[:8]}).context["cl"].result_list] != []
    # any part of an email: "customer@…" is also part of "other-customer@…"
    assert [o.pk for o in owner_client.get(url, {"q": customer.email}).context["cl"].result_list] == [other.pk, mine.pk]
    assert [o.pk for o in owner_client.get(url, {"q": other_customer.email}).context["cl"].result_list] == [other.pk]
    assert owner_client.get(url, {"has_open_request__exact": "1"}).context["cl"].result_list.count() == 0


def test_order_detail_has_every_section(owner_client, customer):
    order = OrderFactory(customer=customer, shipping_total=Decimal("29.90"))
    content = owner_client.get(_detail(order)).content.decode()
    for text in [
        "Product Information",
        "Customer Information",
        "Order Information",
        "Payment Information",
        "Cancellation/Return Requests",
        "Cancellation Plans",
        "Cancel/Return Selected Items",
        "Transaction",
        "Apply",
        "History",
        customer.email,
        "29.90",
    ]:
        assert text in content


def test_apply_cancel_shows_order_cancel_confirmation_with_amounts_and_creates_nothing(
    owner_client, customer, owner_cancel_reason
):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(price=Decimal("249.90")), 2)])
    response = _apply(owner_client, order, order.items.all(), "cancel", owner_cancel_reason)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Order Cancel" in content
    assert "499.80" in content
    assert 'value="Yes"' in content
    assert ">No<" in content
    assert not CancellationPlan.objects.exists()


def test_yes_takes_over_the_customers_request_and_shows_the_waiting_plan(
    owner_client, owner, customer, owner_cancel_reason
):
    # given a customer cancellation request
    order = OrderFactory(customer=customer)
    item = order.items.get()
    cancellation = CancellationRequestFactory(order_item=item, reason=owner_cancel_reason)
    # when the owner confirms Order Cancel with Yes
    response = _apply(owner_client, order, [item], "cancel", owner_cancel_reason, confirm=True)
    # then a waiting plan covers the request, visible at the bottom of the page
    assert response.status_code == 302
    plan = CancellationPlan.objects.get()
    assert plan.status == "waiting"
    assert plan.items.get().cancellation_request == cancellation
    page = owner_client.get(response.url)
    assert f"Cancellation plan #{plan.pk} created (Waiting)" in _messages(page)[0]
    assert "Waiting" in page.content.decode().split("Cancellation Plans")[-1]
    assert LogEntry.objects.filter(object_id=str(order.pk), user=owner).exists()


def test_yes_with_return_creates_owner_requests_waiting_for_the_seller(owner_client, customer, owner_return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    response = _apply(owner_client, order, order.items.all(), "refund", owner_return_reason, confirm=True)
    assert response.status_code == 302
    cancellation = CancellationRequest.objects.get()
    assert (cancellation.origin, cancellation.status, cancellation.cancellation_type) == ("owner", "waiting", "refund")


@pytest.mark.parametrize(
    ("status", "transaction", "reason_fixture", "message"),
    [
        ("shipped", "cancel", "owner_cancel_reason", "cannot be cancelled"),
        ("preparing", "refund", "owner_return_reason", "cannot be returned"),
    ],
)
def test_transaction_that_does_not_fit_names_the_items_and_creates_nothing(
    owner_client, customer, request, status, transaction, reason_fixture, message
):
    reason = request.getfixturevalue(reason_fixture)
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(name="Kilim Rug"), 1)], shipped=status == "shipped"
    )
    response = _apply(owner_client, order, order.items.all(), transaction, reason, confirm=True)
    page = owner_client.get(response.url)
    assert any(message in m and "Kilim Rug" in m for m in _messages(page))
    assert not CancellationRequest.objects.exists()
    assert not CancellationPlan.objects.exists()


def test_empty_selection_and_foreign_items_are_refused(owner_client, customer, owner_cancel_reason):
    order = OrderFactory(customer=customer)
    foreign = OrderItemFactory()
    empty = owner_client.post(
        _action(order),
        {
            "action": "cancel_return_selected",
            "transaction": "cancel",
            "reason": owner_cancel_reason.pk,
            "confirm": "yes",
        },
    )
    assert "Select at least one item" in empty.content.decode()
    tampered = _apply(owner_client, order, [foreign], "cancel", owner_cancel_reason, confirm=True)
    assert "not part of this order" in tampered.content.decode()
    assert not CancellationPlan.objects.exists()


def test_reason_of_the_wrong_type_is_refused(owner_client, customer, owner_return_reason):
    order = OrderFactory(customer=customer)
    response = _apply(owner_client, order, order.items.all(), "cancel", owner_return_reason)
    assert "is a reason for a return; for a cancellation choose a cancellation reason." in response.content.decode()


def test_stale_page_after_the_item_shipped_is_refused(owner_client, customer, owner_cancel_reason):
    order = OrderFactory(customer=customer, ready_to_ship=True)
    confirmation = _apply(owner_client, order, order.items.all(), "cancel", owner_cancel_reason)
    assert confirmation.status_code == 200
    from orders.services import package_move

    package_move(package_id=order.packages.get().pk, move="ship", carrier="X", tracking_number="1")
    response = _apply(owner_client, order, order.items.all(), "cancel", owner_cancel_reason, confirm=True)
    assert any("cannot be cancelled" in m for m in _messages(owner_client.get(response.url)))
    assert not CancellationPlan.objects.exists()


def test_the_confirmation_reloaded_without_its_items_leads_back_to_the_order(owner_client, customer):
    order = OrderFactory(customer=customer)

    response = owner_client.get(_action(order))  # as after the language switch on the confirmation

    assert response.status_code == 302
    assert response.url == reverse("admin:orders_order_change", args=[order.pk])
    assert not CancellationPlan.objects.exists()


@pytest.mark.parametrize("who", ["customer", "seller", "anonymous"])
def test_only_owner_staff_reach_omnitron(client, customer, seller, seller_user, who):
    order = OrderFactory(customer=customer)
    if who == "customer":
        client.force_login(customer)
    elif who == "seller":
        client.force_login(seller_user)
    for url in [reverse("admin:orders_order_changelist"), _detail(order)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response.url
    assert client.post(_action(order), {}).status_code == 302
    assert not CancellationPlan.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_orders_list_query_count_does_not_grow(owner_client, customer, django_assert_max_num_queries, rows):
    sellers = [SellerFactory(), SellerFactory()]
    products = [ProductFactory(seller=s) for s in sellers]
    for _ in range(rows):
        OrderFactory(customer=customer, with_items=[(products[0], 1), (products[1], 1)])
    with django_assert_max_num_queries(9):
        assert owner_client.get(reverse("admin:orders_order_changelist")).status_code == 200


@pytest.mark.parametrize("rows", [3, 50])
def test_order_detail_query_count_does_not_grow(
    owner_client, customer, owner_cancel_reason, django_assert_max_num_queries, rows
):
    sellers = [SellerFactory(), SellerFactory()]
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=sellers[i % 2]), 1) for i in range(rows)]
    )
    for item in order.items.all():
        CancellationRequestFactory(order_item=item, reason=owner_cancel_reason)
    with django_assert_max_num_queries(14):
        assert owner_client.get(_detail(order)).status_code == 200


def test_order_detail_history_shows_its_own_transitions_and_not_another_objects_with_the_same_id(
    owner_client, customer
):
    from django.contrib.contenttypes.models import ContentType
    from django_fsm_log.models import StateLog

    from orders.models import Order, OrderItem, Package

    product = ProductFactory()
    OrderFactory(customer=customer, with_items=[(product, 1), (ProductFactory(seller=product.seller), 1)])
    order = OrderFactory(customer=customer)
    item = order.items.get()
    ours = {(Order, order.pk), (OrderItem, item.pk), (Package, item.package_id)}
    # Every object of one type logged under the id of this order's object of another type.
    logs = {(model, object_id) for model, _ in ours for _, object_id in ours}
    for model, object_id in logs:
        StateLog.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=object_id,
            transition=f"move_{model.__name__.lower()}_{object_id}",
            state="x",
        )
    foreign = logs - ours
    assert foreign  # the ids differ, so some of these logs belong to other objects

    history = owner_client.get(_detail(order)).content.decode().split('id="history"')[1]

    for model, object_id in ours:
        assert f"Move {model.__name__.lower()} {object_id}<" in history
    for model, object_id in foreign:
        assert f"Move {model.__name__.lower()} {object_id}<" not in history


def test_order_detail_history_names_who_made_each_transition_as_everywhere_else(owner_client, customer):
    from django_fsm_log.models import StateLog

    order = OrderFactory(customer=customer)
    named = UserFactory(first_name="Ayşe", last_name="<Yılmaz>")
    unnamed = UserFactory(first_name="", last_name="", username="clerk-7")
    for by, transition in ((named, "by_named"), (unnamed, "by_unnamed"), (None, "by_nobody")):
        StateLog.objects.create(content_object=order, transition=transition, state="x", by=by)

    rows = owner_client.get(_detail(order)).content.decode().split('id="history"')[1].split("<tr>")

    def by_cell(transition):
        label = transition.replace("_", " ").capitalize()
        (row,) = [r for r in rows if f"<td>{label}</td>" in r]
        return row.split("<td>")[5].removesuffix("</td>")

    assert by_cell("by_named") == "Ayşe &lt;Yılmaz&gt;" == str(named).replace("<", "&lt;").replace(">", "&gt;")
    assert by_cell("by_unnamed") == "clerk-7"
    assert by_cell("by_nobody") == "System"


def test_order_detail_offers_the_owners_active_reasons_grouped_by_transaction(owner_client, customer):
    from tests.factories import CancellationReasonFactory

    kept = CancellationReasonFactory(subject="Damaged <box>", for_owner=True)
    returns = CancellationReasonFactory(subject="Other (please describe)", for_owner=True, refund=True)
    CancellationReasonFactory(subject="Other (please describe)", for_owner=True)
    CancellationReasonFactory(subject="Retired", is_active=False, for_owner=True)
    CancellationReasonFactory(subject="I changed my mind")  # the customers'
    CancellationReasonFactory(subject="Out of stock", for_seller=True)

    content = owner_client.get(_detail(OrderFactory(customer=customer))).content.decode()

    assert f'<option value="{kept.pk}" data-transaction="cancel">Damaged &lt;box&gt;</option>' in content
    assert '<optgroup label="Cancellation reasons">' in content
    assert '<optgroup label="Return reasons">' in content
    assert f'<option value="{returns.pk}" data-transaction="refund">Other (please describe)</option>' in content
    assert content.count("Other (please describe)") == 2  # one in each group
    assert "Retired" not in content
    assert "I changed my mind" not in content
    assert "Out of stock" not in content


def test_every_omnitron_page_shows_the_sidebar_with_the_current_model_marked(owner_client):
    content = owner_client.get(reverse("admin:orders_order_changelist")).content.decode()

    assert 'id="nav-sidebar"' in content
    assert '<a href="/admin/orders/order/" aria-current="page">Orders</a>' in content
    assert '<a href="/admin/returns/cancellationrequest/">' in content


def test_omnitron_offers_no_view_site_link_to_the_store_that_refuses_staff(owner_client):
    page = owner_client.get(reverse("admin:index")).content.decode()

    assert "View site" not in page
    assert owner_client.get("/orders/").status_code == 403  # where the link would have led
