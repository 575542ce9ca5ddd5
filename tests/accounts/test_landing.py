"""Where a person lands on signing in and at the site's root: their own site."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(owner, seller_user, seller, customer, staff_in):
    from accounts.roles import VIEWER

    return {
        "owner": (owner, reverse("admin:index")),
        "viewer": (staff_in(VIEWER), reverse("admin:index")),
        "seller": (seller_user, reverse("seller:index")),
        "customer": (customer, reverse("store:order_list")),
    }


@pytest.mark.parametrize("who", ["owner", "viewer", "seller", "customer"])
def test_signing_in_on_the_sites_page_lands_each_person_on_their_own_site(client, people, who):
    user, own_site = people[who]
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-for-tests"})
    assert response.status_code == 302
    assert response.url == own_site
    assert client.get(response.url).status_code == 200


def test_a_next_address_still_wins_over_the_own_site(client, owner):
    next_page = reverse("admin:orders_order_changelist")
    response = client.post(
        reverse("login") + f"?next={next_page}", {"username": owner.username, "password": "pw-for-tests"}
    )
    assert response.url == next_page


@pytest.mark.parametrize("who", ["owner", "seller", "customer"])
def test_the_sites_root_leads_each_signed_in_person_to_their_own_site(client, people, who):
    user, own_site = people[who]
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == own_site


def test_a_visitor_at_the_root_is_asked_to_sign_in_for_my_orders(client):
    first = client.get(reverse("home"))
    assert first.url == reverse("store:order_list")
    assert client.get(first.url).url.startswith(reverse("login"))


def test_a_new_customer_without_orders_lands_on_an_empty_my_orders(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-for-tests"}, follow=True)
    assert response.status_code == 200
    assert "You have no orders yet." in response.content.decode()
