"""Change lists render their rows from a column plan; the HTML must be what Django's own gives."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from returns.admin.common import FastChangeListMixin
from returns.admin.results import PageFormats

pytestmark = pytest.mark.django_db

LISTS = [
    ("owner", "/admin/returns/outboundemail/"),
    ("owner", "/admin/orders/order/"),
    ("owner", "/admin/orders/order/?status__exact=delivered&o=-3"),
    ("owner", "/admin/returns/cancellationrequest/"),
    ("owner", "/admin/returns/cancellationplan/"),
    ("owner", "/admin/returns/cancellationreason/"),
    ("anatolia", "/seller/orders/package/"),
    ("anatolia", "/seller/returns/cancellationrequest/?status__exact=waiting"),
]


def _rows(client, url) -> list[str]:
    html = client.get(url).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [re.sub(r"\s+", " ", row).strip() for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _ours_and_djangos(username, url, monkeypatch, read):
    """`read` of the page as we render it, then as Django's own change list renders it."""
    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    ours = read(client, url)
    monkeypatch.setattr(FastChangeListMixin, "change_list_template", None)
    return ours, read(client, url)


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_change_list_rows_are_the_html_django_renders(username, url, monkeypatch):
    fast, django_rows = _ours_and_djangos(username, url, monkeypatch, _rows)

    assert fast
    assert fast == django_rows


def _filters(client, url) -> str:
    html = client.get(url).content.decode()
    sidebar = re.search(r'<search id="changelist-filter".*?</search>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", sidebar)).replace("<summary> ", "<summary>")


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_change_list_filters_are_the_html_django_renders(username, url, monkeypatch):
    fast, django_filters = _ours_and_djangos(username, url, monkeypatch, _filters)
    assert fast == django_filters


def _head(client, url) -> str:
    html = client.get(url).content.decode()
    head = re.search(r"<head>.*?</head>", html, re.S).group(0)
    return _tags_compact(re.sub(r'nonce="[^"]*"', 'nonce="N"', head))


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_change_list_scripts_and_stylesheets_are_the_html_django_renders(username, url, monkeypatch):
    fast, django_head = _ours_and_djangos(username, url, monkeypatch, _head)

    assert 'src="/static/admin/js/actions.js" nonce="N"' in fast
    assert fast == django_head


def test_cached_media_gets_each_request_its_own_nonce():
    from django.forms import Media

    from returns.admin.media import media_html

    media = Media(js=["admin/js/core.js"], css={"all": ["admin/css/base.css"]})

    first, second = media_html(media, "js", "abc"), media_html(media, "js", "x<y")

    assert first == '<script src="/static/admin/js/core.js" nonce="abc"></script>'
    assert second == '<script src="/static/admin/js/core.js" nonce="x&lt;y"></script>'
    assert media_html(media, "js", None) == '<script src="/static/admin/js/core.js"></script>'
    stylesheet = '<link href="/static/admin/css/base.css" media="all" nonce="n" rel="stylesheet">'
    assert media_html(media, "css", "n") == stylesheet


AWARE = datetime(2026, 3, 8, 23, 59, 30, tzinfo=UTC)
VALUES = [
    "  padded  ",
    "",
    None,
    True,
    False,
    0,
    12,
    -3,
    Decimal("1234.50"),
    Decimal("0"),
    AWARE,
    date(2026, 1, 2),
    [1, 2],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Istanbul"])
def test_page_formats_show_values_as_django_does(value, zone, settings):
    settings.TIME_ZONE = zone
    assert str(PageFormats().display(value, "-")) == str(display_for_value(value, "-"))


FIELDS = [
    (models.DateTimeField(), [AWARE, None]),
    (models.DecimalField(max_digits=12, decimal_places=2), [Decimal("5.00"), Decimal("1234567.5"), None]),
    (models.IntegerField(), [0, 42, None]),
    (models.CharField(max_length=10), ["x", "", None]),
]  # booleans and choices are resolved per column in `_cell`; the change-list tests above cover them


@pytest.mark.parametrize(
    ("field", "values"), FIELDS, ids=lambda f: type(f).__name__ if isinstance(f, models.Field) else ""
)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Istanbul"])
def test_page_formats_show_fields_as_django_does(field, values, zone, settings):
    settings.TIME_ZONE = zone
    field.name = "value"
    for value in values:
        assert str(PageFormats().field_display(value, field, "-")) == str(display_for_field(value, field, "-"))


MONEY = models.DecimalField(max_digits=12, decimal_places=2, name="value")
MOMENT = models.DateTimeField(name="value")


@given(
    value=st.integers(0, 4).flatmap(
        lambda places: st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=places)
    )
)
@hypothesis_settings(max_examples=200)
def test_page_formats_show_any_amount_as_django_does(value):
    assert PageFormats().field_display(value, MONEY, "-") == display_for_field(value, MONEY, "-")


@given(
    value=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)),
    on_the_hour=st.booleans(),
)
@hypothesis_settings(max_examples=200)
def test_page_formats_show_any_moment_as_django_does(value, on_the_hour):
    value = value.replace(minute=0, second=0, microsecond=0) if on_the_hour else value  # noon, midnight, "3 p.m."
    assert PageFormats().field_display(value, MOMENT, "-") == display_for_field(value, MOMENT, "-")


def _tags_compact(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


APP_LISTS = [
    ("owner", "/admin/", True),
    ("owner", "/admin/orders/order/", False),
    ("owner", "/admin/returns/cancellationrequest/?status__exact=waiting", False),
    ("anatolia", "/seller/", True),
    ("anatolia", "/seller/returns/cancellationrequest/", False),
    ("mehmet", "/admin/", True),  # a customer: no models at all
]


@pytest.mark.parametrize(("username", "path", "show_changelinks"), APP_LISTS)
def test_app_list_is_the_html_django_renders(username, path, show_changelinks, rf):
    from pathlib import Path

    import django.contrib.admin
    from django.template import Context, Engine

    from returns.admin.app_list import app_list_html
    from sellercenter.sites import owner_site, seller_site

    call_command("seed_demo", verbosity=0)
    request = rf.get(path)
    request.user = get_user_model().objects.get(username=username)
    site = seller_site if path.startswith("/seller/") else owner_site
    app_list = site.get_app_list(request) if request.user.is_staff or site is seller_site else []
    djangos = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(
        (Path(django.contrib.admin.__file__).parent / "templates/admin/app_list.html").read_text()
    )

    expected = djangos.render(Context({"app_list": app_list, "request": request, "show_changelinks": show_changelinks}))

    assert app_list or username == "mehmet"
    assert _tags_compact(app_list_html(app_list, request.path, show_changelinks)) == _tags_compact(expected)


def test_every_admin_page_shows_the_sidebar_through_the_fast_app_list(client):
    call_command("seed_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="owner"))

    html = client.get("/admin/orders/order/").content.decode()

    sidebar = re.search(r'<nav class="sticky" id="nav-sidebar".*?</nav>', html, re.S).group(0)
    assert '<tr class="model-order current-model"><th scope="row" id="orders-order">' in sidebar
    assert '<a href="/admin/orders/order/" aria-current="page">Orders</a>' in sidebar
