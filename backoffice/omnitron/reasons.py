"""Omnitron's Cancellation Reasons: added and edited by the owner, deactivated, never deleted."""

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.models import CancellationReason
from returns.selectors import cancellation_reason_cache_clear, cancellation_reason_list_for_owner

from ..common.pages import ListPageMixin
from .site import owner_site

ACTIVE_FIELD_NAME = "active"  # the field's label, as the edit page records a change of it


@admin.register(CancellationReason, site=owner_site)
class CancellationReasonAdmin(ListPageMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        "subject_tr",
        "audience",
        "cancellation_type",
        "order",
        "extra_information_needed",
        "is_seller_fault",
        "is_active",
    )
    list_filter = ("audience", "cancellation_type", "is_active")
    fields = (
        "subject",
        "subject_tr",
        "audience",
        "cancellation_type",
        "order",
        "extra_information_needed",
        "is_seller_fault",
        "is_active",
    )
    actions = ["deactivate"]

    def get_queryset(self, request):
        return cancellation_reason_list_for_owner()

    def has_delete_permission(self, request, obj=None):
        return False  # Reasons are history: deactivate instead of delete.

    @admin.action(description=gettext_lazy("Deactivate selected reasons"), permissions=["change"])
    def deactivate(self, request, queryset):
        reasons = list(queryset.filter(is_active=True))
        count = queryset.filter(pk__in=[reason.pk for reason in reasons]).update(is_active=False)
        # In each reason's history as the edit page records it: "Changed active." by whom and when.
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=reasons,
            action_flag=CHANGE,
            change_message=[
                {"changed": {"fields": [str(CancellationReason._meta.get_field("is_active").verbose_name)]}}
            ],
        )
        cancellation_reason_cache_clear()
        self.message_user(request, _("Deactivated %(count)d reason(s).") % {"count": count})
