import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderItem
from orders.services import package_move
from returns.models import CancellationRequest
from returns.services import RequestLine, cancellation_request_create
from tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("store:order_detail", kwargs={"number": order.number})


def _post(client, order, items, accept=True, **fields):
    data = {"items": [str(i.pk) for i in items], **fields}
    if accept:
        data["accept_policy"] = "on"
    return client.post(_url(order), data)


def _state():
    return (
        CancellationRequest.objects.count(),
        list(OrderItem.objects.order_by("pk").values_list("pk", "status", "quantity")),
    )


def test_order_details_show_items_seller_amount_and_status(customer_client, customer):
    seller = SellerFactory(name="Anatolia Textiles")
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=seller, name="Towel Set", price=Decimal("249.90")), 2)]
    )
    response = customer_client.get(_url(order))
    content = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Towel Set",
        "Anatolia Textiles",
        "499.80",
        "Preparing",
        "Return This Item",
        "I accept that I read and understand the",
        "Return Selected Items",
        'href="/return-policy/"',
    ]:
        assert text in content


def test_another_customers_order_is_a_404(customer_client, other_customer):
    order = OrderFactory(customer=other_customer)
    assert customer_client.get(_url(order)).status_code == 404
    assert (
        customer_client.post(_url(order), {"items": [order.items.get().pk], "accept_policy": "on"}).status_code == 404
    )


def test_store_pages_need_a_login(client, customer):
    order = OrderFactory(customer=customer)
    for url in [reverse("store:order_list"), _url(order)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["owner", "seller"])
def test_staff_and_sellers_are_not_customers_here(client, owner, seller, seller_user, customer, who):
    client.force_login(owner if who == "owner" else seller_user)
    assert client.get(reverse("store:order_list")).status_code == 403
    assert client.get(_url(OrderFactory(customer=customer))).status_code == 403


def test_a_seller_added_to_a_seller_is_kept_out_of_the_store_from_the_next_sign_in(client, customer):
    # given a customer browsing the store
    client.force_login(customer)
    assert client.get(reverse("store:order_list")).status_code == 200
    # when the owner makes them staff of a seller, and they sign in again
    SellerFactory(staff=[customer])
    client.force_login(customer)
    # then the store is closed to them
    assert client.get(reverse("store:order_list")).status_code == 403


def test_the_store_asks_once_per_session_whether_the_customer_works_for_a_seller(
    customer_client, customer, django_assert_num_queries
):
    # session, user, the customer's orders: the seller look-up was done while signing in
    with django_assert_num_queries(3):
        assert customer_client.get(reverse("store:order_list")).status_code == 200


def test_my_orders_lists_own_orders_newest_first(customer_client, customer, other_customer):
    older = OrderFactory(customer=customer, created_at=timezone.now() - timedelta(days=3))
    newer = OrderFactory(customer=customer)
    foreign = OrderFactory(customer=other_customer)
    content = customer_client.get(reverse("store:order_list")).content.decode()
    assert content.index(newer.number) < content.index(older.number)
    assert foreign.number not in content


def test_cancelling_an_unshipped_item_shows_under_evaluation_and_cancellation_waiting(
    customer_client, customer, cancel_reason
):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    response = _post(customer_client, order, [item], **{f"reason_{item.pk}": cancel_reason.pk})
    assert response.status_code == 302
    page = customer_client.get(response.url).content.decode()
    assert "under evaluation" in page
    assert "Cancel: Waiting" in page
    assert CancellationRequest.objects.get().cancellation_type == "cancel"


def test_returning_part_of_a_delivered_line_with_a_described_reason(customer_client, customer):
    reason = CancellationReasonFactory(refund=True, needs_description=True, subject="Other")
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 3)], delivered=True)
    item = order.items.get()
    response = _post(
        customer_client,
        order,
        [item],
        **{f"reason_{item.pk}": reason.pk, f"quantity_{item.pk}": 2, f"description_{item.pk}": "Two arrived scratched"},
    )
    assert response.status_code == 302
    cancellation = CancellationRequest.objects.get()
    assert (cancellation.quantity, cancellation.description) == (2, "Two arrived scratched")
    assert sorted(order.items.values_list("quantity", "status")) == [(1, "delivered"), (2, "return_waiting")]
    assert "Return: Waiting" in customer_client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nothing", "Select at least one item"),
        ("no_policy", "accept the Return Policy"),
        ("no_reason", "Choose a reason for this item"),
        ("inactive_reason", "Choose one of the listed reasons"),
        ("wrong_type_reason", "Choose one of the listed reasons"),
        ("quantity_zero", "greater than or equal to 1"),
        ("quantity_negative", "greater than or equal to 1"),
        ("quantity_above", "less than or equal to 3"),
        ("quantity_text", "Enter a whole number"),
        ("foreign_item", "can no longer be cancelled or returned"),
        ("missing_description", "needs a short description"),
    ],
)
def test_bad_input_re_renders_with_a_clear_error_and_changes_nothing(
    customer_client, customer, other_customer, cancel_reason, case, message
):
    # given
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 3)])
    item = order.items.get()
    inactive = CancellationReasonFactory(is_active=False)
    return_reason = CancellationReasonFactory(refund=True)
    needs_text = CancellationReasonFactory(needs_description=True)
    foreign = OrderItemFactory(order__customer=other_customer)
    data = {"items": [item.pk], "accept_policy": "on", f"reason_{item.pk}": cancel_reason.pk}
    changes = {
        "nothing": {"items": []},
        "no_policy": {"accept_policy": ""},
        "no_reason": {f"reason_{item.pk}": ""},
        "inactive_reason": {f"reason_{item.pk}": inactive.pk},
        "wrong_type_reason": {f"reason_{item.pk}": return_reason.pk},
        "quantity_zero": {f"quantity_{item.pk}": 0},
        "quantity_negative": {f"quantity_{item.pk}": -1},
        "quantity_above": {f"quantity_{item.pk}": 4},
        "quantity_text": {f"quantity_{item.pk}": "two"},
        "foreign_item": {"items": [foreign.pk]},
        "missing_description": {f"reason_{item.pk}": needs_text.pk},
    }
    data.update(changes[case])
    data = {k: v for k, v in data.items() if v != ""}
    before = _state()
    # when
    response = customer_client.post(_url(order), data)
    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state() == before


def test_item_that_shipped_since_the_page_loaded_is_refused(customer_client, customer, seller, cancel_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)], ready_to_ship=True)
    item = order.items.get()
    package_move(package_id=order.packages.get().pk, move="ship", carrier="X", tracking_number="1")
    before = _state()
    response = _post(
        customer_client, order, [item], **{f"reason_{item.pk}": cancel_reason.pk, f"kind_{item.pk}": "cancel"}
    )
    assert response.status_code == 400
    assert "is now Shipped and can no longer be cancelled" in response.content.decode()
    assert _state() == before


def test_double_submission_creates_one_request(customer_client, customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    first = _post(customer_client, order, [item], **{f"reason_{item.pk}": cancel_reason.pk})
    second = _post(customer_client, order, [item], **{f"reason_{item.pk}": cancel_reason.pk})
    assert (first.status_code, second.status_code) == (302, 400)
    assert CancellationRequest.objects.count() == 1


def test_ineligible_items_say_why_and_have_no_checkbox(customer_client, customer, settings):
    delivered_at = timezone.now() - timedelta(days=settings.RETURN_WINDOW_DAYS + 1)
    order = OrderFactory(customer=customer, delivered=True, with_items__delivered_at=delivered_at)
    item = order.items.get()
    content = customer_client.get(_url(order)).content.decode()
    assert "The return window closed on" in content
    assert f'value="{item.pk}"' not in content
    assert "Return Selected Items" not in content
    shipped = OrderFactory(customer=customer, shipped=True)
    assert "Return This Item" in customer_client.get(_url(shipped)).content.decode()


def test_approved_return_shows_its_return_code(customer_client, customer, return_reason):
    approved = CancellationRequestFactory(
        refund=True, approved=True, reason=return_reason, order_item__order__customer=customer
    )
    order = approved.order
    assert approved.return_code in customer_client.get(_url(order)).content.decode()


def test_a_waiting_return_shows_its_return_code_from_the_start(customer_client, customer, return_reason):
    waiting = CancellationRequestFactory(refund=True, reason=return_reason, order_item__order__customer=customer)
    assert waiting.return_code
    assert waiting.return_code in customer_client.get(_url(waiting.order)).content.decode()


def test_withdrawing_a_waiting_request_restores_the_item(customer_client, customer, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(order_item=order.items.get(), refund=True, reason=return_reason)
    url = reverse("store:request_withdraw", kwargs={"number": order.number, "request_id": cancellation.pk})
    response = customer_client.post(url, {"confirm": "yes"})
    cancellation.refresh_from_db()
    assert response.status_code == 302
    assert cancellation.status == "withdrawn"
    assert order.items.get().status == "delivered"
    assert "withdrawn" in customer_client.get(response.url).content.decode()


def test_withdraw_request_asks_for_confirmation_first_and_changes_nothing(customer_client, customer, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(order_item=order.items.get(), refund=True, reason=return_reason)
    url = reverse("store:request_withdraw", kwargs={"number": order.number, "request_id": cancellation.pk})

    response = customer_client.post(url)

    cancellation.refresh_from_db()
    assert response.status_code == 200
    assert "Withdraw your request for" in response.content.decode()
    assert 'name="confirm" value="yes"' in response.content.decode()
    assert cancellation.status == "waiting"


def test_withdrawing_another_customers_request_is_a_404(customer_client, other_customer, return_reason):
    order = OrderFactory(customer=other_customer, delivered=True)
    cancellation = CancellationRequestFactory(order_item=order.items.get(), refund=True, reason=return_reason)
    url = reverse("store:request_withdraw", kwargs={"number": order.number, "request_id": cancellation.pk})
    assert customer_client.post(url).status_code == 404
    cancellation.refresh_from_db()
    assert cancellation.status == "waiting"


def test_csrf_protection_stays_on(customer, cancel_reason):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    order = OrderFactory(customer=customer)
    item = order.items.get()
    response = _post(client, order, [item], **{f"reason_{item.pk}": cancel_reason.pk})
    assert response.status_code == 403
    assert not CancellationRequest.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_my_orders_query_count_does_not_grow_with_orders(
    customer_client, customer, django_assert_max_num_queries, rows
):
    product = ProductFactory()
    for _ in range(rows):
        OrderFactory(customer=customer, with_items=[(product, 1)])
    with django_assert_max_num_queries(6):
        assert customer_client.get(reverse("store:order_list")).status_code == 200


def _order_with_requests(customer, cancel_reason, rows: int):
    sellers = [SellerFactory(), SellerFactory()]
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=sellers[i % 2]), 2) for i in range(rows)]
    )
    items = list(order.items.all())
    cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=cancel_reason.pk) for i in items[: rows // 2]],
        requested_by=customer,
    )
    return order


@pytest.mark.parametrize("rows", [3, 50])
def test_order_details_query_count_does_not_grow_with_items(
    customer_client, customer, django_assert_max_num_queries, rows, cancel_reason, return_reason
):
    order = _order_with_requests(customer, cancel_reason, rows)
    customer_client.get(_url(order))  # the session learns the customer is not seller staff; reasons are cached
    # session, user, order with payment, items with packages and sellers, requests, their reasons and plan items
    with django_assert_max_num_queries(7):
        assert customer_client.get(_url(order)).status_code == 200


@pytest.mark.parametrize("rows", [3, 50])
def test_a_refused_submission_re_renders_in_as_many_queries_whatever_the_items(
    customer_client, customer, django_assert_max_num_queries, rows, cancel_reason
):
    order = _order_with_requests(customer, cancel_reason, rows)
    eligible = [item for item in order.items.all() if not item.is_waiting]
    customer_client.get(_url(order))
    data = {"items": [item.pk for item in eligible], "accept_policy": "on"}  # no reasons: refused by the form
    # session, user, order with payment, items with packages and sellers, requests, their reasons and plan items
    with django_assert_max_num_queries(7):
        response = customer_client.post(_url(order), data)
    assert response.status_code == 400
    assert response.content.decode().count("Choose a reason for this item.") == len(eligible)


def test_order_details_of_an_order_without_requests_costs_five_queries(
    customer_client, customer, django_assert_num_queries
):
    order = OrderFactory(customer=customer)
    customer_client.get(_url(order))
    # session, user, order with payment, items with packages and sellers, (no) requests
    with django_assert_num_queries(5):
        assert customer_client.get(_url(order)).status_code == 200


def test_a_reason_the_owner_deactivates_is_no_longer_offered(customer_client, customer, cancel_reason):
    extra = CancellationReasonFactory(
        subject="Found it cheaper elsewhere", cancellation_type=cancel_reason.cancellation_type
    )
    order = OrderFactory(customer=customer)
    assert "Found it cheaper elsewhere" in customer_client.get(_url(order)).content.decode()
    extra.is_active = False
    extra.save()
    assert "Found it cheaper elsewhere" not in customer_client.get(_url(order)).content.decode()


def test_login_and_logout(client):
    UserFactory(username="shopper", password="pw-for-tests")
    response = client.post(reverse("login"), {"username": "shopper", "password": "pw-for-tests"})
    assert response.status_code == 302
    assert client.get(reverse("store:order_list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("store:order_list")).status_code == 302


def test_return_policy_is_a_real_page(client):
    response = client.get("/return-policy/")
    assert response.status_code == 200
    assert "14 days" in response.content.decode()


def test_order_details_escape_what_customers_and_sellers_typed(customer_client, customer, cancel_reason):
    seller = SellerFactory(name='Ayşe & "Sons" <Textiles>')
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller, name="<b>Bold</b> Towel"), 2)])
    item = order.items.get()
    response = _post(
        customer_client, order, [item], **{f"reason_{item.pk}": "", f"description_{item.pk}": '"><script>x</script>'}
    )
    content = response.content.decode()
    assert "<b>Bold</b>" not in content
    assert "&lt;b&gt;Bold&lt;/b&gt; Towel" in content
    assert "Ayşe &amp; &quot;Sons&quot; &lt;Textiles&gt;" in content
    assert "<script>x</script>" not in content
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in content
    select = re.search(rf'<select name="reason_{item.pk}"[^>]*>', content).group()
    assert 'aria-invalid="true"' in select
    assert f'id="id_reason_{item.pk}_error"' in content  # the error the select is described by
    assert f'name="quantity_{item.pk}"' in content  # a line of two can be returned in part
