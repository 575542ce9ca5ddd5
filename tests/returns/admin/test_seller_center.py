import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns.models import CancellationPlan, CancellationRequest
from returns.services import RequestLine, cancellation_request_create
from tests.factories import ProductFactory, UserFactory, placed_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(customer, seller, other_seller, return_reason, cancel_reason):
    """One order with a package of each seller, delivered, and a waiting return for each."""
    own_order = placed_order(
        customer=customer,
        lines=[
            (ProductFactory(seller=seller, name="Towel"), 1),
            (ProductFactory(seller=other_seller, name="Cable"), 1),
        ],
        status="delivered",
    )
    items = {i.seller_id: i for i in own_order.items.all()}
    requests = cancellation_request_create(
        order_id=own_order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=return_reason.pk) for i in items.values()],
        requested_by=customer,
    )
    own_request = next(r for r in requests if r.order_item.seller_id == seller.pk)
    other_request = next(r for r in requests if r.order_item.seller_id == other_seller.pk)
    waiting = placed_order(
        customer=customer,
        lines=[
            (ProductFactory(seller=seller, name="Robe"), 2),
            (ProductFactory(seller=other_seller, name="Charger"), 1),
        ],
    )
    return {
        "own_package": waiting.packages.get(seller=seller),
        "other_package": waiting.packages.get(seller=other_seller),
        "own_request": own_request,
        "other_request": other_request,
    }


def _pkg(name, obj=None):
    return reverse(f"seller:orders_package_{name}", args=[obj.pk] if obj else [])


def _req(name, obj=None):
    return reverse(f"seller:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


def _login(client, who, seller_user, other_seller_user, owner, customer):
    users = {"seller": seller_user, "other_seller": other_seller_user, "owner": owner, "customer": customer}
    if who in users:
        client.force_login(users[who])


WHO = ["seller", "other_seller", "owner", "customer", "anonymous"]


@pytest.mark.parametrize("who", WHO)
def test_permission_matrix_for_every_seller_center_page(
    client, world, who, seller_user, other_seller_user, owner, customer
):
    # given
    _login(client, who, seller_user, other_seller_user, owner, customer)
    own = {"package": world["own_package"], "request": world["own_request"]}
    pages = [
        _pkg("changelist"),
        _pkg("change", own["package"]),
        _pkg("reject_item", own["package"]),
        _req("changelist"),
        _req("change", own["request"]),
        _req("approve", own["request"]),
        _req("reject", own["request"]),
    ]
    # when / then
    for url in pages:
        response = client.get(url)
        if who == "seller":
            assert response.status_code == 200, url
        elif who == "other_seller":
            expected = 200 if url.endswith("/seller/orders/package/") or url.endswith("/cancellationrequest/") else 404
            assert response.status_code == expected, url
        else:
            assert response.status_code == 302, url
            assert "/seller/login/" in response.url


@pytest.mark.parametrize("who", ["seller", "other_seller"])
def test_lists_show_only_the_sellers_own_rows(client, world, who, seller_user, other_seller_user):
    client.force_login(seller_user if who == "seller" else other_seller_user)
    packages = client.get(_pkg("changelist")).context["cl"].result_list
    requests = client.get(_req("changelist")).context["cl"].result_list
    own_key, other_key = ("own", "other") if who == "seller" else ("other", "own")
    assert [p.pk for p in packages] == [world[f"{own_key}_package"].pk] + [
        p.pk for p in packages if p.pk != world[f"{own_key}_package"].pk
    ]
    assert world[f"{other_key}_package"].pk not in [p.pk for p in packages]
    assert [r.pk for r in requests] == [world[f"{own_key}_request"].pk]


def test_sellers_never_reach_omnitron(seller_client):
    response = seller_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_seller_moves_a_package_through_fulfilment(seller_client, seller_user, world):
    package = world["own_package"]
    seller_client.post(_pkg("changelist"), {"action": "mark_ready_to_ship", "_selected_action": [package.pk]})
    confirmation = seller_client.post(_pkg("changelist"), {"action": "ship", "_selected_action": [package.pk]})
    assert "Tracking number for" in confirmation.content.decode()
    seller_client.post(
        _pkg("changelist"),
        {
            "action": "ship",
            "_selected_action": [package.pk],
            "post": "yes",
            "carrier": "Yurtiçi Kargo",
            f"tracking_{package.pk}": "YK123",
        },
    )
    package.refresh_from_db()
    assert (package.status, package.tracking_number) == ("shipped", "YK123")
    assert set(package.items.values_list("status", flat=True)) == {"shipped"}
    seller_client.post(_pkg("changelist"), {"action": "deliver", "_selected_action": [package.pk]})
    package.refresh_from_db()
    assert package.status == "delivered"
    assert StateLog.objects.for_(package).get(transition="ship").by == seller_user


def test_ship_without_tracking_number_is_refused(seller_client, world):
    package = world["own_package"]
    seller_client.post(_pkg("changelist"), {"action": "mark_ready_to_ship", "_selected_action": [package.pk]})
    response = seller_client.post(
        _pkg("changelist"), {"action": "ship", "_selected_action": [package.pk], "post": "yes", "carrier": "X"}
    )
    assert response.status_code == 200
    package.refresh_from_db()
    assert package.status == "ready_to_ship"


def test_package_with_an_open_cancellation_cannot_ship(seller_client, world, customer, cancel_reason):
    package = world["own_package"]
    item = package.items.get()
    cancellation_request_create(
        order_id=package.order_id,
        lines=[RequestLine(item_id=item.pk, quantity=2, reason_id=cancel_reason.pk)],
        requested_by=customer,
    )
    seller_client.post(_pkg("changelist"), {"action": "mark_ready_to_ship", "_selected_action": [package.pk]})
    response = seller_client.post(
        _pkg("changelist"),
        {
            "action": "ship",
            "_selected_action": [package.pk],
            "post": "yes",
            "carrier": "X",
            f"tracking_{package.pk}": "1",
        },
        follow=True,
    )
    package.refresh_from_db()
    assert package.status == "ready_to_ship"
    assert any("open cancellation" in str(m) for m in response.context["messages"])


def test_actions_on_another_sellers_package_do_nothing(seller_client, world):
    other = world["other_package"]
    seller_client.post(_pkg("changelist"), {"action": "mark_ready_to_ship", "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert other.status == "preparing"


def test_seller_rejects_an_unshipped_item_with_a_full_refund(seller_client, seller_user, world, cancel_reason):
    package = world["own_package"]
    item = package.items.get()
    response = seller_client.post(
        _pkg("reject_item", package), {"item": item.pk, "reason": cancel_reason.pk, "note": "Out of stock"}
    )
    assert response.status_code == 302
    plan = CancellationPlan.objects.get()
    assert plan.status == "approved"
    assert plan.amount == item.amount_paid
    assert plan.items.get().cancellation_request.origin == "seller"


def test_seller_cannot_reject_another_sellers_item_through_its_own_package(seller_client, world, cancel_reason):
    foreign_item = world["other_package"].items.get()
    response = seller_client.post(
        _pkg("reject_item", world["own_package"]), {"item": foreign_item.pk, "reason": cancel_reason.pk}
    )
    assert response.status_code == 200
    assert not CancellationPlan.objects.exists()


def test_seller_confirms_a_return_creating_an_approved_refund_plan(seller_client, seller_user, world):
    cancellation = world["own_request"]
    response = seller_client.post(_req("approve", cancellation), {"note": ""})
    cancellation.refresh_from_db()
    assert response.status_code == 302
    assert cancellation.status == "approved"
    plan = CancellationPlan.objects.get()
    assert (plan.plan_type, plan.status) == ("refund", "approved")
    assert StateLog.objects.for_(cancellation).get(transition="approve").by == seller_user


def test_seller_rejects_a_return_with_a_note_the_customer_sees(seller_client, world, customer):
    cancellation = world["own_request"]
    seller_client.post(_req("reject", cancellation), {"note": "Item shows signs of use"})
    cancellation.refresh_from_db()
    assert cancellation.status == "rejected"
    assert cancellation.order_item.status == "delivered"
    from django.test import Client

    store = Client()
    store.force_login(customer)
    page = store.get(reverse("returns:order_detail", kwargs={"number": cancellation.order.number}))
    assert "Item shows signs of use" in page.content.decode()


def test_bulk_confirm_has_a_confirmation_step_and_ignores_foreign_ids(seller_client, world):
    data = {"action": "confirm_selected", "_selected_action": [world["own_request"].pk, world["other_request"].pk]}
    confirmation = seller_client.post(_req("changelist"), data)
    assert "Confirm these requests?" in confirmation.content.decode()
    seller_client.post(_req("changelist"), {**data, "post": "yes"})
    statuses = dict(CancellationRequest.objects.values_list("pk", "status"))
    assert statuses[world["own_request"].pk] == "approved"
    assert statuses[world["other_request"].pk] == "waiting"


def test_bulk_reject_needs_a_note(seller_client, world):
    data = {"action": "reject_selected", "_selected_action": [world["own_request"].pk], "post": "yes", "note": ""}
    response = seller_client.post(_req("changelist"), data)
    assert "A note is required" in response.content.decode()
    world["own_request"].refresh_from_db()
    assert world["own_request"].status == "waiting"


def test_decision_on_another_sellers_request_is_a_404(seller_client, world):
    assert seller_client.post(_req("approve", world["other_request"]), {"note": ""}).status_code == 404
    world["other_request"].refresh_from_db()
    assert world["other_request"].status == "waiting"


@pytest.mark.parametrize("rows", [1, 50])
def test_seller_lists_query_count_does_not_grow(
    seller_client, seller, customer, return_reason, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        order = placed_order(customer=customer, lines=[(ProductFactory(seller=seller), 1)], status="delivered")
        cancellation_request_create(
            order_id=order.pk,
            lines=[RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)],
            requested_by=customer,
        )
    with django_assert_max_num_queries(9):
        assert seller_client.get(_pkg("changelist")).status_code == 200
    with django_assert_max_num_queries(9):
        assert seller_client.get(_req("changelist")).status_code == 200


def test_a_seller_staff_user_with_no_seller_sees_nothing(client):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(_pkg("changelist")).status_code == 302
