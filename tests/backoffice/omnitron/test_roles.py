"""Omnitron checks each role's permissions on every page, action and button (SPEC rule 14)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.roles import MANAGER, OPERATOR, VIEWER
from returns.models import CancellationPlan, CancellationRequest
from tests.factories import CancellationPlanFactory, OrderFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


def _detail(order):
    return reverse("admin:orders_order_change", args=[order.pk])


def _apply(client, order, item, transaction, reason):
    data = {
        "item_ids": [item.pk],
        "action": "cancel_return_selected",
        "transaction": transaction,
        "reason": reason.pk,
        "note": "",
        "confirm": "yes",
    }
    return client.post(reverse("admin:orders_order_cancel_return", args=[order.pk]), data)


@pytest.fixture
def failed_plan(db):
    return CancellationPlanFactory(failed=True, refund=True)


def test_staff_without_permissions_cannot_see_an_order_nor_cancel_its_items(
    client, staff_in, customer, owner_cancel_reason
):
    # given a staff account with no permission at all
    client.force_login(staff_in(None))
    order = OrderFactory(customer=customer)
    # then the Order Detail (customer email, address, payment) is a 403, like the list
    assert client.get(reverse("admin:orders_order_changelist")).status_code == 403
    assert client.get(_detail(order)).status_code == 403
    # and Cancel/Return Selected Items is refused before anything is created
    assert _apply(client, order, order.items.get(), "cancel", owner_cancel_reason).status_code == 403
    assert not CancellationRequest.objects.exists()
    assert not CancellationPlan.objects.exists()


def test_a_viewer_reads_the_order_detail_without_the_cancel_return_form_and_cannot_return(
    client, staff_in, customer, owner_return_reason
):
    client.force_login(staff_in(VIEWER))
    order = OrderFactory(customer=customer, delivered=True)
    content = client.get(_detail(order)).content.decode()
    assert "Payment Information" in content
    assert "Apply" not in content
    assert 'name="transaction"' not in content
    assert _apply(client, order, order.items.get(), "refund", owner_return_reason).status_code == 403
    assert not CancellationRequest.objects.exists()
    assert client.post(_detail(order)).status_code == 403


def test_an_operator_is_offered_both_transactions_and_cancels(client, staff_in, customer, owner_cancel_reason):
    client.force_login(staff_in(OPERATOR))
    order = OrderFactory(customer=customer)
    content = client.get(_detail(order)).content.decode()
    assert "Apply" in content
    assert 'value="cancel"' in content
    assert 'value="refund"' in content
    assert _apply(client, order, order.items.get(), "cancel", owner_cancel_reason).status_code == 302
    assert CancellationPlan.objects.get().status == "waiting"


def test_staff_who_may_only_cancel_are_offered_cancel_and_refused_return(
    client, staff_in, customer, owner_return_reason
):
    # given staff holding the view and cancel permissions only
    user = staff_in(None)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_order", "cancel_orderitem"], content_type__app_label="orders")
    )
    client.force_login(user)
    order = OrderFactory(customer=customer, delivered=True)
    # then the Transaction offers Cancel only, and a Return is refused
    content = client.get(_detail(order)).content.decode()
    assert 'value="cancel"' in content
    assert 'value="refund"' not in content
    assert _apply(client, order, order.items.get(), "refund", owner_return_reason).status_code == 403
    assert not CancellationRequest.objects.exists()


def test_retry_is_offered_to_and_allowed_for_those_who_may_retry_plans_only(client, staff_in, failed_plan):
    change = reverse("admin:returns_cancellationplan_change", args=[failed_plan.pk])
    retry = reverse("admin:returns_cancellationplan_retry", args=[failed_plan.pk])
    client.force_login(staff_in(VIEWER))
    assert retry not in client.get(change).content.decode()
    assert client.post(retry).status_code == 403
    failed_plan.refresh_from_db()
    assert failed_plan.status == "failed"
    client.force_login(staff_in(OPERATOR))
    assert retry in client.get(change).content.decode()
    assert client.post(retry).status_code == 302
    failed_plan.refresh_from_db()
    assert failed_plan.status == "approved"


def test_decision_buttons_and_actions_are_offered_only_to_those_who_may_decide(client, staff_in, waiting_return):
    change = reverse("admin:returns_cancellationrequest_change", args=[waiting_return.pk])
    approve = reverse("admin:returns_cancellationrequest_approve", args=[waiting_return.pk])
    changelist = reverse("admin:returns_cancellationrequest_changelist")
    # a Viewer sees the request, no buttons and no actions, and may not decide
    client.force_login(staff_in(VIEWER))
    content = client.get(change).content.decode()
    assert approve not in content
    assert "/reject/" not in content
    assert "approve_selected" not in client.get(changelist).content.decode()
    assert client.get(approve).status_code == 403
    bulk = {"action": "approve_selected", "_selected_action": [waiting_return.pk], "post": "yes", "note": ""}
    assert client.post(changelist, bulk).status_code == 403
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"
    # an Operator is offered both and approves
    client.force_login(staff_in(OPERATOR))
    assert approve in client.get(change).content.decode()
    assert "approve_selected" in client.get(changelist).content.decode()
    assert client.post(changelist, bulk).status_code == 302
    waiting_return.refresh_from_db()
    assert waiting_return.status == "approved"


def test_staff_who_may_only_approve_are_offered_approve_and_refused_reject(client, staff_in, waiting_return):
    user = staff_in(VIEWER, username="approver")
    user.user_permissions.add(Permission.objects.get(codename="approve_cancellationrequest"))
    client.force_login(user)
    content = client.get(reverse("admin:returns_cancellationrequest_change", args=[waiting_return.pk])).content
    assert b"/approve/" in content
    assert b"/reject/" not in content
    reject = reverse("admin:returns_cancellationrequest_reject", args=[waiting_return.pk])
    assert client.post(reject, {"note": "No"}).status_code == 403
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"


def test_only_managers_manage_reasons(client, staff_in, owner_cancel_reason):
    changelist = reverse("admin:returns_cancellationreason_changelist")
    deactivate = {"action": "deactivate", "_selected_action": [owner_cancel_reason.pk]}
    for role in (VIEWER, OPERATOR):
        client.force_login(staff_in(role))
        assert client.get(changelist).status_code == 200
        assert "deactivate" not in client.get(changelist).content.decode()
        assert client.post(changelist, deactivate).status_code == 403
        assert client.get(reverse("admin:returns_cancellationreason_add")).status_code == 403
    owner_cancel_reason.refresh_from_db()
    assert owner_cancel_reason.is_active
    client.force_login(staff_in(MANAGER))
    assert client.post(changelist, deactivate).status_code == 302
    owner_cancel_reason.refresh_from_db()
    assert not owner_cancel_reason.is_active


@pytest.mark.parametrize("rows", [1, 50])
def test_role_checks_add_no_queries_that_grow_with_rows(
    client, staff_in, customer, owner_cancel_reason, django_assert_max_num_queries, rows
):
    # given an Operator (permissions read from the groups, not a superuser's shortcut)
    client.force_login(staff_in(OPERATOR))
    sellers = [SellerFactory(), SellerFactory()]
    orders = [
        OrderFactory(customer=customer, with_items=[(ProductFactory(seller=sellers[i % 2]), 1) for i in range(rows)])
        for _ in range(2)
    ]
    # then the Orders list and an Order Detail of `rows` lines cost what they cost the superuser, plus the
    # two queries that read the user's and the groups' permissions once per request
    with django_assert_max_num_queries(9 + 2):
        assert client.get(reverse("admin:orders_order_changelist")).status_code == 200
    with django_assert_max_num_queries(14 + 2):
        assert client.get(_detail(orders[0])).status_code == 200
