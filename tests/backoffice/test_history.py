"""History reads as a person would say it, on every back-office page that has it."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns.services import RequestLine, cancellation_request_create, cancellation_request_reject
from tests.factories import CancellationPlanFactory, CancellationReasonFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a transition's or a status's name: request_cancellation


def _history(html: str) -> str:
    start = html.index('id="history"') if 'id="history"' in html else html.index("history-module")
    section = html[start:]
    return section[: section.index("</table>")]


def _cells(history: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", history, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows[1:] if "<td" in row]


@pytest.fixture
def rejected(customer, seller, seller_user, cancel_reason):
    """A cancellation the customer asked for and the seller rejected: history on item and request."""
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller, name="Towel Set"), 1)])
    [cancellation] = cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=cancel_reason.pk)],
        requested_by=customer,
    )
    cancellation_request_reject(request_id=cancellation.pk, rejected_by=seller_user, note="Supplier ran out")
    cancellation.refresh_from_db()
    return cancellation


def _assert_reads_as_people_say_it(history: str):
    assert history.count("<tr>") > 1, "no history rows"
    for cells in _cells(history):
        text = " ".join(cells)
        assert not CODE.search(text), f"a code in the history: {text}"
        assert "#" not in text, f"an id instead of a name: {text}"


def test_the_order_page_names_objects_and_says_labels_who_and_when(owner_client, rejected):
    page = owner_client.get(reverse("admin:orders_order_change", args=[rejected.order_id])).content.decode()
    history = _history(page)
    _assert_reads_as_people_say_it(history)
    rows = _cells(history)
    assert ["Towel Set × 1", "Cancellation requested", "Preparing → Cancellation Waiting", "Ayşe Yılmaz"] in [
        cells[1:5] for cells in rows
    ]
    assert any(cells[1:3] == ["Towel Set × 1", "Restored"] and cells[4] != "Ayşe Yılmaz" for cells in rows)


@pytest.mark.parametrize("site", ["admin", "seller"])
def test_the_request_page_has_readable_history_on_both_sites(request, rejected, site):
    client = request.getfixturevalue("owner_client" if site == "admin" else "seller_client")
    page = client.get(reverse(f"{site}:returns_cancellationrequest_change", args=[rejected.pk])).content.decode()
    history = _history(page)
    _assert_reads_as_people_say_it(history)
    rejected_row = next(cells for cells in _cells(history) if cells[1] == "Rejected")
    assert rejected_row[2] == "Waiting → Rejected"
    assert rejected_row[4] == "Supplier ran out"


def test_the_request_page_says_who_created_it_once(owner_client, rejected):
    page = owner_client.get(reverse("admin:returns_cancellationrequest_change", args=[rejected.pk])).content.decode()
    assert len(re.findall(r">\s*Created by:?\s*<", page)) == 1


def test_the_item_page_has_readable_history(owner_client, rejected):
    item_page = owner_client.get(reverse("admin:orders_orderitem_change", args=[rejected.order_item_id]))
    _assert_reads_as_people_say_it(_history(item_page.content.decode()))


def test_the_package_page_has_readable_history(seller_client, rejected):
    package = rejected.order_item.package
    package.mark_ready_to_ship(by=None, description="")
    package.save()
    package_page = seller_client.get(reverse("seller:orders_package_change", args=[package.pk]))
    history = _history(package_page.content.decode())
    _assert_reads_as_people_say_it(history)
    assert _cells(history)[0][1:4] == ["Ready to Ship", "Preparing → Ready to Ship", "System"]


def test_the_plan_page_has_readable_history(owner_client):
    plan = CancellationPlanFactory()
    plan.approve(by=None, description="")
    plan.save()
    page = owner_client.get(reverse("admin:returns_cancellationplan_change", args=[plan.pk])).content.decode()
    history = _history(page)
    _assert_reads_as_people_say_it(history)
    assert _cells(history)[0][1:3] == ["Approved", "Waiting → Approved"]


def test_history_in_turkish_uses_turkish_labels(client, owner, rejected):
    client.force_login(owner)
    client.post("/i18n/setlang/", {"language": "tr"})
    page = client.get(reverse("admin:returns_cancellationrequest_change", args=[rejected.pk])).content.decode()
    history = _history(page)
    assert "Reddedildi" in history
    assert "Rejected" not in history


def test_deactivating_reasons_in_bulk_is_in_each_reasons_history(owner_client):
    reason = CancellationReasonFactory(subject="Arrived late")
    response = owner_client.post(
        reverse("admin:returns_cancellationreason_changelist"),
        {"action": "deactivate", "_selected_action": [reason.pk]},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(reason.pk))
    assert entry.user.username == "owner-staff"
    page = owner_client.get(reverse("admin:returns_cancellationreason_history", args=[reason.pk])).content.decode()
    assert "Changed active." in page


def test_an_unknown_transition_reads_as_words(owner_client, customer):
    order = OrderFactory(customer=customer)
    StateLog.objects.create(content_object=order, transition="sync_status", state="shipped")
    page = owner_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "<td>Sync status</td><td>Shipped</td>" in _history(page)
