"""Omnitron's Cancellation Reasons."""

import pytest
from django.test import Client
from django.urls import reverse

from returns.choices import CancellationType
from returns.models import CancellationReason, CancellationRequest
from tests.factories import CancellationReasonFactory, OrderFactory

pytestmark = pytest.mark.django_db


def test_reasons_are_added_edited_and_deactivated_never_deleted(owner_client):
    add = owner_client.post(
        reverse("admin:returns_cancellationreason_add"),
        {
            "subject": "Arrived late",
            "audience": "customer",
            "cancellation_type": "refund",
            "order": 4,
            "is_active": "on",
        },
    )
    assert add.status_code == 302
    reason = CancellationReason.objects.get(subject="Arrived late")
    owner_client.post(
        reverse("admin:returns_cancellationreason_change", args=[reason.pk]),
        {
            "subject": "Arrived too late",
            "audience": "customer",
            "cancellation_type": "refund",
            "order": 4,
            "is_active": "on",
            "is_seller_fault": "on",
        },
    )
    reason.refresh_from_db()
    assert (reason.subject, reason.is_seller_fault) == ("Arrived too late", True)
    owner_client.post(
        reverse("admin:returns_cancellationreason_changelist"),
        {"action": "deactivate", "_selected_action": [reason.pk]},
    )
    reason.refresh_from_db()
    assert reason.is_active is False
    assert owner_client.get(reverse("admin:returns_cancellationreason_delete", args=[reason.pk])).status_code == 403


def test_a_reason_deactivated_in_omnitron_leaves_the_store_at_once(owner_client, customer):
    reason = CancellationReasonFactory(subject="Changed my mind", cancellation_type=CancellationType.CANCEL)
    url = reverse("store:order_detail", kwargs={"number": OrderFactory(customer=customer).number})
    customer_client = Client()
    customer_client.force_login(customer)
    assert "Changed my mind" in customer_client.get(url).content.decode()
    owner_client.post(
        reverse("admin:returns_cancellationreason_changelist"),
        {"action": "deactivate", "_selected_action": [reason.pk]},
    )
    assert "Changed my mind" not in customer_client.get(url).content.decode()


def test_reasons_in_use_cannot_be_deleted_even_in_code(waiting_return):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        waiting_return.reason.delete()
    assert CancellationRequest.objects.exists()
