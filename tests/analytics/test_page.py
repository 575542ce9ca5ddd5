"""Returns Analytics as the owner's staff and as sellers see it."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import VIEWER
from tests.factories import DailyReturnFiguresFactory, DailySalesFactory, ProductFactory

pytestmark = pytest.mark.django_db

OMNITRON, SELLER_CENTER = reverse("admin:returns_analytics"), reverse("seller:returns_analytics")


@pytest.fixture
def figures(seller, other_seller):
    """Today: 10 of the seller's shirts sold, 2 returned; 4 of the other seller's lamps sold, 1 returned."""
    shirt = ProductFactory(seller=seller, name="Linen Shirt")
    lamp = ProductFactory(seller=other_seller, name="Desk Lamp")
    DailySalesFactory(product=shirt, items=10)
    DailySalesFactory(product=lamp, items=4)
    DailyReturnFiguresFactory(product=shirt, requests=2, items=2, decision_hours={"5": 1, "30": 1})
    DailyReturnFiguresFactory(product=lamp, requests=1, items=1)
    return shirt, lamp


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_owner_sees_every_sellers_figures_as_charts_and_tables(owner_client, figures):
    content = owner_client.get(OMNITRON).content.decode()
    assert content.count('<svg class="analytics-chart"') == 5
    assert '<title id="by_product-title">' in content
    for text in ("Linen Shirt", "Desk Lamp", "Anatolia Textiles", "Bosphorus Electronics", "20.0%", "25.0%", "5 h"):
        assert text in content
    assert "Returns Analytics" in content


def test_a_turkish_reader_sees_rates_written_the_turkish_way(seller_client, figures):
    seller_client.post(reverse("set_language"), {"language": "tr", "next": "/"})

    content = seller_client.get(SELLER_CENTER).content.decode()
    rows = _csv(seller_client.get(SELLER_CENTER, {"download": "by_product"}))

    assert "%20,0" in content
    assert "20.0%" not in content
    assert rows[1][-1] == "%20,0"


def test_the_seller_filter_narrows_the_owners_figures_to_one_seller(owner_client, figures, other_seller):
    content = owner_client.get(OMNITRON, {"seller": other_seller.pk}).content.decode()
    assert "Desk Lamp" in content
    assert "Linen Shirt" not in content


def test_a_seller_sees_only_their_own_figures_in_the_page_and_its_csv(seller_client, figures):
    content = seller_client.get(SELLER_CENTER).content.decode()
    assert "Linen Shirt" in content
    assert "Desk Lamp" not in content
    assert "Bosphorus" not in content
    rows = _csv(seller_client.get(SELLER_CENTER, {"download": "by_product"}))
    assert rows == [["Product", "Requests", "Items", "Items sold", "Rate"], ["Linen Shirt", "2", "2", "10", "20.0%"]]
    assert "Bosphorus" not in str(_csv(seller_client.get(SELLER_CENTER, {"download": "by_seller"})))


def test_a_seller_cannot_ask_for_another_sellers_figures(seller_client, figures, other_seller):
    content = seller_client.get(SELLER_CENTER, {"seller": other_seller.pk}).content.decode()
    assert "Desk Lamp" not in content


def test_the_range_defaults_to_the_last_30_days_beside_the_30_before(owner_client, figures):
    response = owner_client.get(OMNITRON)
    form = response.context["form"]
    assert form.cleaned_data["end"] - form.cleaned_data["start"] == timedelta(days=29)
    old = timezone.localdate() - timedelta(days=40)
    assert "Linen Shirt" not in owner_client.get(OMNITRON, {"end": old.isoformat()}).content.decode()


@pytest.mark.parametrize(
    "query", [{"start": "2026-13-01"}, {"start": "2026-03-02", "end": "2026-03-01"}, {"download": "nope"}]
)
def test_bad_ranges_and_tables_are_a_400(owner_client, query):
    assert owner_client.get(OMNITRON, query).status_code == 400


def test_the_page_is_linked_from_each_sites_index(client, owner, seller_user, figures):
    client.force_login(owner)
    assert OMNITRON in client.get(reverse("admin:index")).content.decode()
    client.force_login(seller_user)
    assert SELLER_CENTER in client.get(reverse("seller:index")).content.decode()


def test_viewers_may_see_the_page_and_staff_without_permissions_may_not(client, staff_in):
    client.force_login(staff_in(VIEWER))
    assert client.get(OMNITRON).status_code == 200
    client.force_login(staff_in(None))
    assert client.get(OMNITRON).status_code == 403
    assert OMNITRON not in client.get(reverse("admin:index")).content.decode()


def test_the_page_asks_as_many_queries_for_many_products_as_for_two(
    owner_client, figures, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        owner_client.get(OMNITRON)
    for n in range(30):
        DailyReturnFiguresFactory(product=ProductFactory(seller=figures[0].seller, name=f"Sock {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = owner_client.get(OMNITRON).content.decode()
    assert "All others" in content


def test_the_turkish_filter_names_the_ranges_start_and_end_and_offers_all_sellers(owner_client, figures):
    owner_client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = owner_client.get(OMNITRON).content.decode()
    assert ">Başlangıç<" in content.replace(":", "")
    assert ">Bitiş<" in content.replace(":", "")
    assert ">Tüm satıcılar</option>" in content
    assert "Önceki" not in content
    assert "---------" not in content
