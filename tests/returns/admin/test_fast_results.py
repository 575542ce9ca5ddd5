"""Change lists render their rows from a column plan; the HTML must be what Django's own gives."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from returns.admin.common import FastChangeListMixin

pytestmark = pytest.mark.django_db

LISTS = [
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


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_change_list_rows_are_the_html_django_renders(username, url, monkeypatch):
    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))

    fast = _rows(client, url)
    monkeypatch.setattr(FastChangeListMixin, "change_list_template", None)
    django_rows = _rows(client, url)

    assert fast
    assert fast == django_rows
