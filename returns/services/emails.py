"""The mailer's step: send the queued emails that are due, each at least once."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import OutboundEmail

logger = logging.getLogger(__name__)


def outbound_emails_send(*, limit: int = 100) -> int:
    """Send up to `limit` due emails, oldest first; returns how many were tried.

    Rows are locked with SKIP LOCKED, so several mailers never send the same email at
    once. One that fails is tried again later, with the pause doubling each time, until
    `EMAIL_MAX_ATTEMPTS`; the others in the batch still go out.
    """
    now = timezone.now()
    with transaction.atomic():
        due = list(OutboundEmail.objects.due(now).select_for_update(skip_locked=True).order_by("pk")[:limit])
        for email in due:
            email.attempts += 1
            try:
                notifications.SENDERS[email.kind](**email.payload)
            except Exception as error:  # noqa: BLE001 - a mail server's failure of any kind means "try later"
                delay = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (email.attempts - 1)
                email.next_attempt_at = now + timedelta(seconds=delay)
                email.last_error = f"{type(error).__name__}: {error}"[:1000]
                logger.warning("email %s (%s) failed, attempt %s: %s", email.pk, email.kind, email.attempts, error)
            else:
                email.sent_at = now
                email.last_error = ""
        OutboundEmail.objects.bulk_update(due, ["attempts", "next_attempt_at", "sent_at", "last_error"])
    return len(due)
