"""A worker process killed in the middle of refunds: after a sweep every plan completes exactly once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from returns.models import CancellationPlan, RefundLine
from returns.services import returns_sweep
from sandbox.models import LedgerRefund
from tests.factories import CancellationPlanFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _worker(latency: float) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sellercenter.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PAYMENT_GATEWAY_LATENCY_SECONDS": str(latency),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "sweep"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def test_killed_worker_leaves_no_lost_or_double_refund(tasks_not_run):
    if connection.vendor != "postgresql":
        pytest.skip("crash test runs real processes against PostgreSQL")
    # given 6 approved return plans whose refunds have not run
    CancellationPlanFactory.create_batch(6, approved=True, refund=True)
    assert set(RefundLine.objects.values_list("status", flat=True)) == {"pending"}

    # when a worker with a slow gateway is killed mid-refund
    worker = _worker(latency=1.0)
    deadline = time.monotonic() + 30
    while not RefundLine.objects.filter(in_flight_since__isnull=False).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.7)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert RefundLine.objects.filter(in_flight_since__isnull=False, status="pending").exists()

    # and, after the in-flight timeout, a fresh sweep runs
    later = timezone.now() + timedelta(seconds=django_settings.REFUND_IN_FLIGHT_TIMEOUT_SECONDS + 1)
    returns_sweep(now=later)

    # then every plan ended completed, each line paid exactly once
    assert set(CancellationPlan.objects.values_list("status", flat=True)) == {"completed"}
    for line in RefundLine.objects.all():
        assert LedgerRefund.objects.filter(idempotency_key=line.idempotency_key).count() == 1
