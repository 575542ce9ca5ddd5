"""Which language a page is in: a signed-in user's preference, else the switch's cookie, else
the browser's Accept-Language (Django's order).

The preference is copied into the session at sign-in, so a page pays no query for it; the
header's switch (Django's `set_language`) saves a signed-in user's choice on the user, which
also chooses the language of their emails.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

SESSION_KEY = "preferred_language"


def supported(language: str | None) -> str | None:
    """The language if the site speaks it, else None."""
    return language if language in dict(settings.LANGUAGES) else None


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, with a signed-in user's preference (from the session) first."""

    def process_request(self, request):
        session = getattr(request, "session", None)
        language = supported(session.get(SESSION_KEY)) if session is not None else None
        if language is None:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


def remember_on_sign_in(sender, request, user, **kwargs):
    """At sign-in, the user's preferred language becomes the session's; a user with none yet
    keeps the language they signed in with, which their emails will use from now on."""
    language = supported(user.preferred_language)
    if language is None:
        language = supported(getattr(request, "LANGUAGE_CODE", None)) or settings.LANGUAGE_CODE
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
    request.session[SESSION_KEY] = language


@require_POST
def set_language(request):
    """Django's `set_language` (the cookie and the redirect); a signed-in user's choice is
    also saved on the user and their session."""
    response = django_set_language(request)
    language = supported(request.POST.get(LANGUAGE_QUERY_PARAMETER))
    if language is not None and request.user.is_authenticated:
        get_user_model().objects.filter(pk=request.user.pk).update(preferred_language=language)
        request.session[SESSION_KEY] = language
    return response
