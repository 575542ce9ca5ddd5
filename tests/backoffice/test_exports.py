"""CSV exports of Cancellation/Return Requests, Cancellation Plans and refund lines, on both sites."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst

from accounts.roles import VIEWER
from backoffice.common import exports
from orders.templatetags.money import money
from returns.choices import PlanStatus
from returns.models import CancellationPlan
from tests.factories import CancellationPlanFactory, CancellationRequestFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _request_for(seller, **kwargs):
    return CancellationRequestFactory(order_item__product__seller=seller, **kwargs)


def _url(name, model="cancellationrequest", site="admin"):
    return reverse(f"{site}:returns_{model}_{name}")


def test_owner_exports_every_matching_request_with_the_lists_column_names(owner_client, seller, other_seller):
    # given a waiting return of one seller and a rejected one of the other
    waiting = _request_for(seller, refund=True)
    _request_for(other_seller, refund=True, rejected=True)
    # when the owner exports the list filtered to waiting requests
    rows = _rows(owner_client.get(_url("export"), {"status__exact": "waiting"}))
    # then the header names the list's columns and the one row is the waiting request's
    header, *body = rows
    assert header[:6] == ["ID", "Order", "Product", "SKU", "Seller", "Quantity"]
    assert {"Type", "Reason", "Status", "Created", "Decided", "Return code"} <= set(header)
    assert [row[0] for row in body] == [str(waiting.pk)]
    row = dict(zip(header, body[0], strict=True))
    assert (row["Seller"], row["Type"], row["Status"]) == ("Anatolia Textiles", "Return", "Waiting")
    assert row["Reason"] == waiting.reason.subject
    assert row["Return code"] == waiting.return_shipment.return_code


def test_the_export_link_carries_the_lists_filters_and_search(owner_client, seller):
    _request_for(seller)
    content = owner_client.get(_url("changelist"), {"status__exact": "waiting", "q": "X"}).content.decode()
    assert "Export all matching" in content
    assert f"{_url('export')}?q=X&amp;status__exact=waiting" in content


def test_exporting_selected_requests_writes_only_those(owner_client, seller):
    chosen, _other = _request_for(seller), _request_for(seller)
    data = {"action": "export_selected", ACTION_CHECKBOX_NAME: [chosen.pk]}
    rows = _rows(owner_client.post(_url("changelist"), data))
    assert [row[0] for row in rows[1:]] == [str(chosen.pk)]


def test_a_seller_exports_only_their_own_requests_and_no_seller_column(seller_client, seller, other_seller):
    mine = _request_for(seller)
    theirs = _request_for(other_seller)
    everything = _rows(seller_client.get(_url("export", site="seller")))
    selected = _rows(
        seller_client.post(
            _url("changelist", site="seller"),
            {"action": "export_selected", ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk]},
        )
    )
    for header, *body in (everything, selected):
        assert "Seller" not in header
        assert [row[0] for row in body] == [str(mine.pk)]


def test_money_and_dates_follow_the_readers_language(owner_client):
    # given a completed plan
    plan = CancellationPlanFactory(completed=True)
    # when it is exported in Turkish
    owner_client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    header, row = _rows(owner_client.get(_url("export", "cancellationplan")))
    # then the headers, the amount, the status and the date are Turkish, as the list shows them
    created = timezone.localtime(plan.created_at)
    with translation.override("tr"):
        expected = {
            "Sipariş": plan.order.number,
            "Durum": str(PlanStatus.COMPLETED.label),
            # the header as the list writes it
            capfirst(CancellationPlan._meta.get_field("amount").verbose_name): money(plan.amount),
            "Oluşturuldu": f"{formats.date_format(created, 'SHORT_DATE_FORMAT')} {created:%H:%M}",
        }
    assert expected.items() <= dict(zip(header, row, strict=True)).items()
    assert money(plan.amount).endswith(",00 TL")


@pytest.mark.parametrize(
    ("language", "filename"),
    [("en", "cancellation-return-requests.csv"), ("tr", "iptal-iade-talepleri.csv")],
)
def test_an_export_is_saved_under_the_lists_name_in_the_readers_language(owner_client, seller, language, filename):
    _request_for(seller)
    owner_client.post(reverse("set_language"), {"language": language, "next": "/"})

    response = owner_client.get(_url("export"))

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_refund_lines_export_with_their_plan_and_order(owner_client):
    plan = CancellationPlanFactory(failed=True, refund=True)
    line = plan.refund_lines.get()
    header, row = _rows(owner_client.get(_url("export", "refundline")))
    row = dict(zip(header, row, strict=True))
    assert (row["ID"], row["Plan"], row["Status"]) == (str(line.pk), str(plan.pk), "Failed")
    assert row["Order"] == plan.order.number


def test_a_viewer_may_export_and_staff_without_the_view_permission_may_not(client, staff_in):
    client.force_login(staff_in(VIEWER))
    assert client.get(_url("export", "cancellationplan")).status_code == 200
    client.force_login(staff_in(None))
    assert client.get(_url("export", "cancellationplan")).status_code == 403


def test_an_export_asks_the_same_queries_for_one_row_as_for_thirty(owner_client, seller, django_assert_max_num_queries):
    _request_for(seller)
    with django_assert_max_num_queries(20) as few:
        _rows(owner_client.get(_url("export")))
    for _ in range(30):
        _request_for(seller)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _rows(owner_client.get(_url("export")))
    assert len(rows) == 32


def test_an_export_is_written_a_chunk_of_rows_at_a_time(owner_client, seller, monkeypatch):
    # given five requests and chunks of two rows
    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)
    for _ in range(5):
        _request_for(seller)
    # when the export streams
    pieces = list(owner_client.get(_url("export")).streaming_content)
    # then it is the header and three pieces of at most two rows, never the whole file at once
    assert len(pieces) == 4
    assert [len(list(csv.reader(io.StringIO(piece.decode())))) for piece in pieces[1:]] == [2, 2, 1]


def test_bad_filters_on_an_export_are_a_400(owner_client, seller):
    assert owner_client.get(_url("export"), {"seller": "no-such"}).status_code == 400
