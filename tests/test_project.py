import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import SellerFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_health_endpoint_checks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_seller_staff_sign_in_to_seller_center_but_customers_do_not(client):
    seller_user = UserFactory(username="anatolia", password="pw-for-tests")
    SellerFactory(staff=[seller_user])
    UserFactory(username="ayse", password="pw-for-tests")
    login = reverse("seller:login")
    refused = client.post(login, {"username": "ayse", "password": "pw-for-tests"})
    assert refused.status_code == 200
    assert "seller account" in refused.content.decode()
    accepted = client.post(login, {"username": "anatolia", "password": "pw-for-tests"})
    assert accepted.status_code == 302
    assert client.get(reverse("seller:index")).status_code == 200


def test_migrations_are_up_to_date(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _manage(*args: str, **settings: str) -> subprocess.CompletedProcess:
    """`manage.py *args` in a process of its own, with only the base settings and `settings` in its environment."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "sellercenter.settings.base", **settings}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_deploy_checks_pass_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-long-production-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="shop.example.com",
        DATABASE_URL="sqlite:////tmp/deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_fails_fast_when_debug_is_off():
    result = _manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_two_processes_share_the_cache_that_django_cache_url_names(tmp_path):
    """The API's per-key throttle counts live in the cache: with several web processes,
    `DJANGO_CACHE_URL` names one that all of them see."""
    shared = {
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "DJANGO_CACHE_URL": "dbcache://sellercenter_cache",
    }

    def shell(code: str) -> str:
        result = _manage("shell", "--no-imports", "-c", "from django.core.cache import cache; " + code, **shared)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert _manage("createcachetable", **shared).returncode == 0
    shell("cache.set('throttle_api_key_abc', [1, 2, 3])")
    assert shell("print(cache.get('throttle_api_key_abc'))") == "[1, 2, 3]"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_gets_each_querys_values_apart_from_its_text_so_repeated_queries_are_prepared():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        for _ in range(3):  # past the prepare threshold
            cursor.execute("SELECT %s::int + 1", [41])
            assert cursor.fetchone() == (42,)
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] >= 1
