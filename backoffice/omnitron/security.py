"""Omnitron's sign-in lockouts (django-axes, SPEC rule 15): failed sign-ins and sign-ins.

Who sees them and who may lift a lock are Django's model permissions on axes' models
(view, delete), given to Omnitron Managers (`accounts.roles`). Lifting a lock is deleting
its access attempt; nothing here is edited by hand.
"""

from axes import admin as axes_admin
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.pages import ListPageMixin, ReadOnlyAdminMixin
from .site import owner_site


class LockedNowFilter(admin.SimpleListFilter):
    """Attempts that lock their username and address at this moment (limit reached, cool-off running)."""

    title = _("locked now")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                failures_since_start__gte=get_failure_limit(request, None),
                attempt_time__gt=timezone.now() - get_cool_off(request),
            )
        return queryset


@admin.register(AccessAttempt, site=owner_site)
class AccessAttemptAdmin(ListPageMixin, axes_admin.AccessAttemptAdmin):
    """Failed sign-ins by username and address; delete a row to lift its lock."""

    list_display = ("attempt_time", "username", "ip_address", "path_info", "failures_since_start", "locked_until")
    list_filter = (LockedNowFilter, "path_info")
    # Axes' own action (clean up expired attempts) is left out: every sign-in does that already,
    # and deleting is the one change this page makes, behind the delete permission.
    actions = ()

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("locked until"), ordering="attempt_time")
    def locked_until(self, attempt: AccessAttempt):
        if attempt.failures_since_start < get_failure_limit(None, None):
            return "-"
        until = attempt.attempt_time + get_cool_off(None)
        return until if until > timezone.now() else "-"


@admin.register(AccessLog, site=owner_site)
class AccessLogAdmin(ReadOnlyAdminMixin, axes_admin.AccessLogAdmin):
    """Successful sign-ins and when each ended: a record, never edited or deleted here."""

    list_display = ("attempt_time", "logout_time", "username", "ip_address", "path_info")
