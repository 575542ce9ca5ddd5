"""Seller Center's Packages: fulfilment actions and rejecting an unshipped item."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from returns.models import CancellationPlan
from tests.factories import CancellationRequestFactory, OrderFactory

pytestmark = pytest.mark.django_db


def _pkg(name, obj=None):
    return reverse(f"seller:orders_package_{name}", args=[obj.pk] if obj else [])


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
    CancellationRequestFactory(order_item=item, reason=cancel_reason)
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


def test_seller_rejects_an_unshipped_item_with_a_full_refund(seller_client, seller_user, world, seller_reason):
    package = world["own_package"]
    item = package.items.get()
    response = seller_client.post(
        _pkg("reject_item", package), {"item": item.pk, "reason": seller_reason.pk, "note": "Out of stock"}
    )
    assert response.status_code == 302
    plan = CancellationPlan.objects.get()
    assert plan.status == "approved"
    assert plan.amount == item.amount_paid
    assert plan.items.get().cancellation_request.origin == "seller"


def test_seller_cannot_reject_another_sellers_item_through_its_own_package(seller_client, world, seller_reason):
    foreign_item = world["other_package"].items.get()
    response = seller_client.post(
        _pkg("reject_item", world["own_package"]), {"item": foreign_item.pk, "reason": seller_reason.pk}
    )
    assert response.status_code == 200
    assert not CancellationPlan.objects.exists()


@pytest.mark.parametrize(("language", "age"), [("en", "3 days"), ("tr", "3 gün")])
def test_the_packages_list_writes_each_packages_age_in_days_in_the_readers_language(
    client, seller, seller_user, language, age
):
    order = OrderFactory(with_items__seller=seller)
    order.packages.update(created_at=timezone.now() - timedelta(days=3, hours=1))
    seller_user.preferred_language = language
    seller_user.save(update_fields=["preferred_language"])
    client.force_login(seller_user)
    rows = client.get(reverse("seller:orders_package_changelist")).content.decode().split('id="result_list"')[1]
    assert f'<td class="field-age">{age}</td>' in rows
