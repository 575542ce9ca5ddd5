"""The looping commands stop between passes when asked to, never in the middle of one."""

import os
import signal

import pytest
from django.core.management import call_command

from returns.services.sweeper import SweepReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_signals():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_sweeper_asked_to_stop_mid_pass_finishes_the_pass_then_exits(monkeypatch, restore_signals):
    passes = []

    def sweep_and_get_terminated():
        os.kill(os.getpid(), signal.SIGTERM)  # as a deploy would, in the middle of the pass
        passes.append("finished")
        return SweepReport()

    monkeypatch.setattr("returns.management.commands.sweep.returns_sweep", sweep_and_get_terminated)
    call_command("sweep", "--loop", "--interval", "60")
    assert passes == ["finished"]


def test_mailer_asked_to_stop_mid_batch_finishes_the_batch_then_exits(monkeypatch, restore_signals):
    batches = []

    def send_and_get_terminated(limit):
        os.kill(os.getpid(), signal.SIGTERM)
        batches.append(limit)
        return limit  # a full batch: without the stop it would go straight on to the next one

    monkeypatch.setattr("returns.management.commands.send_emails.outbound_emails_send", send_and_get_terminated)
    call_command("send_emails", "--loop", "--batch", "5")
    assert batches == [5]
