"""Sign-in throttling (django-axes): the page a locked-out sign-in gets."""

import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Max, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

LOCKOUT_STATUS = 429  # Too Many Requests: the form is fine, the pace is not


class SignInBackend(AxesStandaloneBackend, ModelBackend):
    """Django's ModelBackend behind django-axes' lockout check, as the one backend.

    One backend rather than axes' pair (its check, then ModelBackend): with several, Django
    asks callers of `User.objects.with_perm` to name one, and the password is never checked
    while the username is locked either way.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises PermissionDenied while locked (Django then reports a failed sign-in).
        AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions, read by one query and kept for the request.

        ModelBackend reads them with two (the user's, then the groups'), on every Omnitron page:
        the same set, one query less. A superuser's are every permission, as ModelBackend has it.
        """
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None or user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_permission_names"):
            held = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._permission_names = {
                f"{app_label}.{codename}"
                for app_label, codename in held.values_list("content_type__app_label", "codename").order_by()
            }
        return user_obj._permission_names


def lockout_message(remaining: timedelta) -> str:
    """Say how long this username stays locked from this address."""
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins for this username from your address. Try again in %(minutes)d minute.",
        "Too many failed sign-ins for this username from your address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def locked_for(request, credentials) -> timedelta:
    """Time left until the cool-off ends: it counts from the failure that locked the username."""
    cool_off = get_cool_off(request)
    last_failure = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=get_client_ip_address(request)
    ).aggregate(last=Max("attempt_time"))["last"]
    if last_failure is None:
        return cool_off
    return max(timedelta(0), last_failure + cool_off - timezone.now())


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """Show the login page the view rendered, its error replaced by the lockout message.

    The three login forms (store, Omnitron, Seller Center) are Django's LoginView, whose response
    keeps its template and context; the same page comes back with status 429 instead of a bare
    error page, so the person sees where they are and why.
    """
    remaining = locked_for(request, credentials)
    message = lockout_message(remaining)
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None or not isinstance(original_response, TemplateResponse):
        response = HttpResponse(message, status=LOCKOUT_STATUS, content_type="text/plain; charset=utf-8")
        add_never_cache_headers(response)
        return response
    # "Please enter a correct username and password" would be wrong: the password may be right.
    form.errors.pop(NON_FIELD_ERRORS, None)
    form.add_error(None, ValidationError(message, code="locked_out"))
    response = TemplateResponse(
        request, original_response.template_name, context, status=LOCKOUT_STATUS, using=original_response.using
    )
    response["Retry-After"] = str(math.ceil(remaining.total_seconds()))
    add_never_cache_headers(response)  # as LoginView's own answers (`never_cache`)
    return response.render()


def client_username(request, credentials) -> str | None:
    """The username a sign-in names, cut to what axes' records hold.

    A posted username longer than the column would make recording the failure fail (a 500
    on PostgreSQL); Django's usernames are far shorter, so the cut never merges real accounts.
    """
    username = credentials.get("username") if credentials else request.POST.get("username")
    if username is None:
        return None
    return str(username)[: AccessAttempt._meta.get_field("username").max_length]
