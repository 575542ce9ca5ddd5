"""The language of a page: the browser's Accept-Language, the header's switch (a cookie for
visitors), and a signed-in user's preference, which follows them to every sign-in."""

import pytest
from django.conf import settings

from tests.factories import OrderFactory, UserFactory

pytestmark = pytest.mark.django_db

TURKISH = {"HTTP_ACCEPT_LANGUAGE": "tr-TR,tr;q=0.9,en;q=0.5"}


def test_a_browser_asking_for_turkish_gets_the_store_in_turkish(client):
    response = client.get("/accounts/login/", **TURKISH)

    content = response.content.decode()
    assert response["Content-Language"] == "tr"
    assert '<html lang="tr">' in content
    assert "Giriş yap" in content
    assert "Log in" not in content


def test_without_a_preference_pages_are_in_english(client):
    response = client.get("/accounts/login/")

    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


@pytest.mark.parametrize("url", ["/accounts/login/", "/return-policy/", "/admin/login/", "/seller/login/"])
def test_every_page_header_has_the_switch_posting_to_set_language(client, url):
    content = client.get(url).content.decode()

    assert 'action="/i18n/setlang/"' in content
    assert 'name="language" value="tr"' in content
    assert "Türkçe" in content
    assert "English" in content


def test_the_switch_shows_which_language_is_on(client):
    content = client.get("/accounts/login/", **TURKISH).content.decode()

    assert 'value="tr" lang="tr" aria-pressed="true"' in content
    assert 'value="en" lang="en" aria-pressed="false"' in content


def test_a_visitors_choice_is_remembered_in_a_cookie_over_the_browsers_language(client):
    response = client.post("/i18n/setlang/", {"language": "tr", "next": "/return-policy/"})

    assert response.status_code == 302
    assert response["Location"] == "/return-policy/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    page = client.get("/return-policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "tr"
    assert "İade Politikası" in page.content.decode()


def test_switching_while_signed_in_saves_the_users_preference(customer_client, customer):
    customer_client.post("/i18n/setlang/", {"language": "tr", "next": "/orders/"})

    customer.refresh_from_db()
    assert customer.preferred_language == "tr"
    assert "Siparişlerim" in customer_client.get("/orders/").content.decode()


def test_a_language_the_site_does_not_speak_changes_nothing(customer_client, customer):
    customer_client.post("/i18n/setlang/", {"language": "de", "next": "/orders/"})

    customer.refresh_from_db()
    assert customer.preferred_language == "en"
    assert customer_client.get("/orders/")["Content-Language"] == "en"


def test_signing_in_switches_to_the_users_preferred_language_on_any_browser(client):
    user = UserFactory(username="leyla", preferred_language="tr")
    OrderFactory(customer=user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen earlier on this browser, signed out

    client.post("/accounts/login/", {"username": "leyla", "password": "pw-for-tests"})
    response = client.get("/orders/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "tr"
    assert "Siparişlerim" in response.content.decode()


def test_a_first_sign_in_keeps_the_language_the_user_signed_in_with(client):
    user = UserFactory(username="deniz", preferred_language="")

    client.post("/accounts/login/", {"username": "deniz", "password": "pw-for-tests"}, **TURKISH)

    user.refresh_from_db()
    assert user.preferred_language == "tr"


def test_omnitron_staff_see_django_admins_own_texts_in_turkish(owner_client, owner):
    owner_client.post("/i18n/setlang/", {"language": "tr", "next": "/admin/"})

    content = owner_client.get("/admin/").content.decode()

    assert "Çıkış yap" in content  # Django's own "Log out"
    assert "Pazaryeri yönetim paneli" in content  # the index title
    owner.refresh_from_db()
    assert owner.preferred_language == "tr"
