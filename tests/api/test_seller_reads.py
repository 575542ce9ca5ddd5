"""The sellers' reads (SPEC section 8): their claims and packages only, filtered, paged, newest first."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from returns.services import return_shipment_mark_received
from tests.factories import CancellationRequestFactory, OrderFactory, PackageFactory, ProductFactory

pytestmark = pytest.mark.django_db
CLAIMS = "/api/v1/claims/"


def test_a_seller_lists_only_their_own_claims_newest_first_with_what_each_shows(
    seller, other_seller, seller_api, make_return
):
    # given two returns of the seller and one of another seller
    older, newer = make_return(seller), make_return(seller)
    make_return(other_seller)
    # when
    body = seller_api.get(CLAIMS).json()
    # then
    assert (body["count"], body["previous"], body["next"]) == (2, None, None)
    assert [claim["id"] for claim in body["results"]] == [newer.pk, older.pk]
    claim = body["results"][0]
    item = newer.order_item
    assert claim["type"] == "refund"
    assert claim["status"] == "waiting"
    assert claim["cancelled_by"] == 1
    assert claim["item"] == {
        "id": item.pk,
        "product_name": item.product_name,
        "sku": item.sku,
        "quantity": 1,
        "unit_price": str(item.unit_price),
        "status": "return_waiting",
    }
    assert claim["return_code"] == newer.return_shipment.return_code
    assert claim["return_tracking"]["status"] == "awaiting_shipment"
    assert claim["refund_amount"] == str(item.unit_price * item.quantity - item.discount_share)
    assert claim["reason"] == "Does not fit"


def test_a_claims_times_read_in_utc_whatever_time_zone_is_active(seller, seller_api, make_return):
    # given a return, and a request that runs in Istanbul's time zone
    claim = make_return(seller)
    # when
    with timezone.override("Europe/Istanbul"):
        shown = seller_api.get(f"{CLAIMS}{claim.pk}/").json()
        listed = seller_api.get(CLAIMS).json()["results"][0]
    # then
    expected = claim.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert shown["created_at"] == listed["created_at"] == expected


def test_another_sellers_claim_is_a_404_not_a_403(seller, other_seller, seller_api, make_return):
    theirs = make_return(other_seller)
    response = seller_api.get(f"{CLAIMS}{theirs.pk}/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert seller_api.post(f"{CLAIMS}{theirs.pk}/approve/", {}, format="json").status_code == 404


def test_a_claims_detail_is_the_same_as_in_the_list(seller, seller_api, make_return):
    mine = make_return(seller)
    assert seller_api.get(f"{CLAIMS}{mine.pk}/").json() == seller_api.get(CLAIMS).json()["results"][0]


def test_claims_filter_by_type_status_and_who_opened_them(seller, seller_api, make_return):
    # given a return waiting, a cancellation approved by the seller, and a rejected return
    waiting = make_return(seller)
    by_seller = CancellationRequestFactory(
        approved=True, origin="seller", seller=seller, order_item__product__seller=seller
    )
    rejected = CancellationRequestFactory(rejected=True, refund=True, seller=seller, order_item__product__seller=seller)

    def ids(**params):
        return {claim["id"] for claim in seller_api.get(CLAIMS, params).json()["results"]}

    # then
    assert ids(type="refund") == {waiting.pk, rejected.pk}
    assert ids(type="cancel") == {by_seller.pk}
    assert ids(status="waiting") == {waiting.pk}
    assert ids(status__in="waiting,rejected") == {waiting.pk, rejected.pk}
    assert ids(cancelled_by=2) == {by_seller.pk}
    assert ids(cancelled_by=1) == {waiting.pk, rejected.pk}


def test_claims_filter_by_dates_and_updated_at_follows_the_parcel_too(seller, seller_api, make_return):
    # given a return created yesterday and one created now
    old = make_return(seller)
    CancellationRequestFactory._meta.model.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1), updated_at=timezone.now() - timedelta(days=1)
    )
    old.return_shipment.__class__.objects.filter(pk=old.return_shipment.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    new = make_return(seller)
    since = (timezone.now() - timedelta(hours=1)).isoformat()

    def ids(**params):
        return [claim["id"] for claim in seller_api.get(CLAIMS, params).json()["results"]]

    assert ids(created_at__gte=since) == [new.pk]
    assert ids(created_at__lte=since) == [old.pk]
    assert ids(updated_at__gte=since) == [new.pk]
    assert ids(updated_at__lte=since) == [old.pk]
    # when the old return's parcel reaches the seller (its request row is not what changes first)
    return_shipment_mark_received(request_id=old.pk, received_by=seller.users.get())
    # then a poll for changes sees it
    assert set(ids(updated_at__gte=since)) == {old.pk, new.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nope"},
        {"status": "lost"},
        {"status__in": "waiting,nope"},
        {"status__in": ","},
        {"cancelled_by": "7"},
        {"created_at__gte": "yesterday"},
        {"updated_at__lte": "2026-13-45"},
        {"page": "0"},
        {"page": "x"},
        {"limit": "1000"},
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_field(seller_api, params):
    response = seller_api.get(CLAIMS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == set(params)


def test_claims_page_with_page_and_limit(seller, seller_api, make_return):
    claims = [make_return(seller) for _ in range(3)]
    body = seller_api.get(CLAIMS, {"limit": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("limit=2&page=2")
    second = seller_api.get(CLAIMS, {"limit": 2, "page": 2}).json()
    assert [c["id"] for c in second["results"]] == [claims[0].pk]
    assert second["previous"]
    assert seller_api.get(CLAIMS, {"limit": 2, "page": 3}).status_code == 404


@pytest.mark.parametrize("rows", [3, 12])
def test_the_claims_list_costs_the_same_queries_at_any_page_size(
    seller, seller_api, make_return, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_return(seller)
    # the key and its user, the seller ids, the count and the page
    with django_assert_max_num_queries(5):
        body = seller_api.get(CLAIMS, {"limit": rows}).json()
    assert len(body["results"]) == rows


@pytest.mark.parametrize("rows", [2, 8])
def test_the_packages_list_costs_the_same_queries_at_any_page_size(
    seller, seller_api, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        OrderFactory(with_items=[(ProductFactory(seller=seller), 1), (ProductFactory(seller=seller), 2)])
    with django_assert_max_num_queries(6):
        body = seller_api.get("/api/v1/packages/", {"limit": rows}).json()
    assert len(body["results"]) == rows
    assert all(len(p["items"]) == 2 for p in body["results"])


def test_a_seller_lists_only_their_packages_newest_first_and_by_status(seller, other_seller, seller_api):
    old = PackageFactory(seller=seller, ready_to_ship=True)
    new = PackageFactory(seller=seller)
    PackageFactory(seller=other_seller)
    body = seller_api.get("/api/v1/packages/").json()
    assert [p["id"] for p in body["results"]] == [new.pk, old.pk]
    assert [p["id"] for p in seller_api.get("/api/v1/packages/", {"status": "ready_to_ship"}).json()["results"]] == [
        old.pk
    ]
