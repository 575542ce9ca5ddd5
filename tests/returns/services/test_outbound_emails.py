from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from returns.choices import EmailKind
from returns.models import OutboundEmail
from returns.services import outbound_emails_send
from tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


class MailServerDown(Exception):
    pass


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise MailServerDown("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    return monkeypatch


def test_an_email_the_mail_server_refuses_waits_for_a_later_attempt(mail_server_down, settings):
    email = OutboundEmailFactory(kind=EmailKind.REQUEST_RECEIVED)
    before = timezone.now()
    assert outbound_emails_send() == 1
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "connection refused" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=settings.EMAIL_RETRY_BASE_SECONDS)
    assert outbound_emails_send() == 0  # not due yet


def test_a_refused_email_goes_out_when_the_server_is_back_and_its_time_comes(mail_server_down, mailoutbox):
    email = OutboundEmailFactory(kind=EmailKind.REQUEST_RECEIVED)
    outbound_emails_send()
    mail_server_down.undo()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert outbound_emails_send() == 1
    email.refresh_from_db()
    assert (email.attempts, email.last_error) == (2, "")
    assert email.sent_at is not None
    assert len(mailoutbox) == 1


def test_the_pause_between_attempts_doubles_and_the_mailer_gives_up_at_the_limit(mail_server_down, settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    email = OutboundEmailFactory(kind=EmailKind.REQUEST_RECEIVED)
    pauses = []
    for _ in range(3):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        started = timezone.now()
        assert outbound_emails_send() == 1
        email.refresh_from_db()
        pauses.append(round((email.next_attempt_at - started).total_seconds() / settings.EMAIL_RETRY_BASE_SECONDS))
    assert pauses == [1, 2, 4]
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert outbound_emails_send() == 0
    assert OutboundEmail.objects.get(pk=email.pk).sent_at is None


def test_one_failing_email_does_not_hold_back_the_others(monkeypatch, mailoutbox):
    first, second = OutboundEmailFactory.create_batch(2, kind=EmailKind.REQUEST_RECEIVED)
    send = mail.backends.locmem.EmailBackend.send_messages
    calls = []

    def fail_first(self, messages):
        calls.append(messages)
        if len(calls) == 1:
            raise MailServerDown("timeout")
        return send(self, messages)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail_first)
    assert outbound_emails_send() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.sent_at is None
    assert second.sent_at is not None
    assert len(mailoutbox) == 1


def test_a_batch_limit_leaves_the_rest_for_the_next_pass(mailoutbox):
    OutboundEmailFactory.create_batch(3, kind=EmailKind.REQUEST_RECEIVED)
    assert outbound_emails_send(limit=2) == 2
    assert outbound_emails_send(limit=2) == 1
    assert len(mailoutbox) == 3
