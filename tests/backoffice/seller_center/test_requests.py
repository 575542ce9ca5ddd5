"""Seller Center's Cancellation/Return Requests: Confirm and Reject."""

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns.models import CancellationPlan, CancellationRequest

pytestmark = pytest.mark.django_db


def _req(name, obj=None):
    return reverse(f"seller:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


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
    page = store.get(reverse("store:order_detail", kwargs={"number": cancellation.order.number}))
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
