"""Omnitron's Cancellation Plans."""

import pytest
from django.urls import reverse

from returns.models import RefundLine
from tests.factories import CancellationPlanFactory

pytestmark = pytest.mark.django_db


def test_failed_plan_has_retry(owner_client):
    plan = CancellationPlanFactory(failed=True, refund=True)
    url = reverse("admin:returns_cancellationplan_change", args=[plan.pk])
    content = owner_client.get(url).content.decode()
    assert "Retry" in content
    assert "declined" in content
    response = owner_client.post(reverse("admin:returns_cancellationplan_retry", args=[plan.pk]))
    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.status == "approved"
    assert RefundLine.objects.get().status == "pending"


@pytest.mark.parametrize("rows", [1, 50])
def test_plans_list_query_count_does_not_grow(owner_client, owner, django_assert_max_num_queries, rows):
    CancellationPlanFactory.create_batch(rows, created_by=owner)
    with django_assert_max_num_queries(8):
        assert owner_client.get(reverse("admin:returns_cancellationplan_changelist")).status_code == 200


def test_plans_needing_attention_are_a_column_and_a_filter_of_the_list(owner_client, owner):
    # given a plan whose refund outcome stays unknown even when looked up by key, and one that is fine
    stuck = CancellationPlanFactory(refund=True, needs_attention=True)
    fine = CancellationPlanFactory(created_by=owner)
    # when the owner lists the plans, then only those needing attention
    url = reverse("admin:returns_cancellationplan_changelist")
    everything = owner_client.get(url)
    flagged = owner_client.get(url, {"needs_attention__exact": "1"})
    # then the list has the column and the filter, and the filter keeps only the flagged plan
    assert "Needs attention" in everything.content.decode()
    assert "By needs attention" in everything.content.decode()
    assert {plan.pk for plan in everything.context["cl"].result_list} == {stuck.pk, fine.pk}
    assert [plan.pk for plan in flagged.context["cl"].result_list] == [stuck.pk]
    page = owner_client.get(reverse("admin:returns_cancellationplan_change", args=[stuck.pk])).content.decode()
    assert "Needs attention: the payment gateway has not said" in page
