"""Omnitron's Outbound emails: what the mailer sent and what it could not send yet."""

from django.contrib import admin

from returns.models import OutboundEmail
from returns.selectors import outbound_email_list_for_owner

from ..common.pages import ReadOnlyAdminMixin
from .site import owner_site


@admin.register(OutboundEmail, site=owner_site)
class OutboundEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the mailer sent, and what it could not send yet (with the mail server's last answer)."""

    list_display = ("id", "kind", "created_at", "sent_at", "attempts", "next_attempt_at", "last_error")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    fields = ("kind", "payload", "created_at", "sent_at", "attempts", "next_attempt_at", "last_error")
    readonly_fields = fields
    ordering = ("-id",)

    def get_queryset(self, request):
        return outbound_email_list_for_owner()
