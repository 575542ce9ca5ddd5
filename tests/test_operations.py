"""Health checks behind a load balancer and which proxies' headers are believed."""

import gc
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connections
from django.test import RequestFactory, override_settings
from django.urls import reverse
from gunicorn.config import Config

from sellercenter.middleware import HEALTH_PATH, TrustedProxyMiddleware, client_ip

pytestmark = pytest.mark.django_db

# What docs/deployment.md asks for in production.
production = override_settings(DEBUG=False, SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["shop.example.com"])
PROBE = {"HTTP_HOST": "10.0.0.5:8000", "REMOTE_ADDR": "10.0.0.1"}


@production
def test_health_answers_a_plain_http_probe_by_address(client):
    for method in (client.get, client.head):
        response = method("/health/", **PROBE)
        assert response.status_code == 200
    assert client.get("/health/", **PROBE).json() == {"status": "ok"}


@production
def test_health_answers_503_when_the_database_is_down(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/health/", **PROBE)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


@production
def test_other_pages_still_redirect_to_https_and_refuse_unknown_hosts(client):
    redirected = client.get("/orders/", HTTP_HOST="shop.example.com")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://shop.example.com/orders/"
    assert client.get("/orders/", HTTP_HOST="10.0.0.5:8000", secure=True).status_code == 400
    assert client.get("/health/x", **PROBE).status_code == 400


def test_the_health_middleware_answers_the_health_url():
    assert reverse("health") == HEALTH_PATH


@production
@override_settings(TRUSTED_PROXY_IPS=["10.0.0.0/8"])
def test_a_clients_forged_forwarded_proto_does_not_pass_as_https(client):
    forged = client.get(
        "/orders/", HTTP_HOST="shop.example.com", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.9"
    )
    assert forged.status_code == 301  # still sent to HTTPS: Django did not take it as secure

    proxied = client.get(
        "/orders/", HTTP_HOST="shop.example.com", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.1"
    )
    assert proxied.status_code == 302
    assert proxied["Location"].startswith(reverse("login"))


def _through_middleware(**meta):
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["meta"] = dict(request.META)
        return None

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen


@override_settings(TRUSTED_PROXY_IPS=[])
def test_no_forwarded_header_is_believed_when_no_proxy_is_configured():
    seen = _through_middleware(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert seen["secure"] is False
    assert "HTTP_X_FORWARDED_FOR" not in seen["meta"]


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.1", "fd00::/8"])
def test_forwarded_headers_are_kept_from_a_listed_proxy_address_or_network():
    assert _through_middleware(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")["secure"] is True
    assert _through_middleware(REMOTE_ADDR="fd00::7", HTTP_X_FORWARDED_PROTO="https")["secure"] is True
    assert _through_middleware(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https")["secure"] is False


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.0/8"])
def test_the_client_address_is_the_nearest_hop_the_trusted_proxies_did_not_write():
    def address(**meta):
        return client_ip(RequestFactory().get("/", **meta))

    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7, 10.0.0.3") == "198.51.100.7"
    assert address(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7") == "203.0.113.9"
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address") == "10.0.0.2"
    assert address(REMOTE_ADDR="10.0.0.2") == "10.0.0.2"


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.300"])
def test_a_mistyped_proxy_address_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_IPS"):
        client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1"))


@pytest.mark.parametrize(
    ("value", "expected"), [(None, []), ("10.0.0.0/8, 192.168.1.2", ["10.0.0.0/8", "192.168.1.2"])]
)
def test_gunicorn_believes_forwarded_headers_from_the_same_proxies(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TRUSTED_PROXY_IPS", raising=False)
    else:
        monkeypatch.setenv("TRUSTED_PROXY_IPS", value)
    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    config = Config()
    config.set("forwarded_allow_ips", conf["forwarded_allow_ips"])

    assert config.forwarded_allow_ips == expected


def test_gunicorn_moves_the_preloaded_project_out_of_the_workers_collections_before_each_fork():
    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    config = Config()
    config.set("pre_fork", conf["pre_fork"])
    try:
        config.pre_fork(None, None)
        assert conf["preload_app"] is True
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
