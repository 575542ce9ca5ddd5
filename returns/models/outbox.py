"""The outbox of emails that workflow steps ask for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EmailKind


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Not sent yet, not given up on, and its next attempt has come."""
        return self.filter(
            sent_at__isnull=True,
            attempts__lt=settings.EMAIL_MAX_ATTEMPTS,
            next_attempt_at__lte=now or timezone.now(),
        )


class OutboundEmail(models.Model):
    """An email a workflow step asked for: written in the step's own transaction, sent by the mailer.

    So a customer's submit never waits for the mail server, an email goes out only if its
    step committed, and a mail server that is down delays emails instead of losing them.
    Sending is at least once: a crash between sending and recording it sends it again.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=EmailKind.choices)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["id"]
        indexes = [models.Index("next_attempt_at", condition=Q(sent_at__isnull=True), name="outboundemail_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
