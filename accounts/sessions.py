"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request (SPEC rule 15).

Omnitron staff and seller staff sign in to back offices that move money; a browser left open
on a shared desk must not stay signed in for the session cookie's 14 days. Customers keep the
store's long session.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

LAST_SEEN_KEY = "staff_last_seen"
# Save the session again at most once a minute rather than on every request; the idle limit is
# then kept to within a minute.
TOUCH_SECONDS = 60


def is_backoffice_user(user) -> bool:
    """Omnitron staff (`is_staff`) or the staff of a seller."""
    return user.is_staff or user.sellers.exists()


def _now() -> int:
    return int(timezone.now().timestamp())


def _touch(session) -> None:
    session[LAST_SEEN_KEY] = _now()
    # The session's own expiry ends it too, for every backend, and the cookie with it.
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


def mark_backoffice_session(sender, request, user, **kwargs) -> None:
    """On sign-in (any login form), mark a staff user's session as one with the idle limit."""
    if is_backoffice_user(user):
        _touch(request.session)


class StaffIdleTimeoutMiddleware:
    """Sign out a marked session whose last request is older than the idle limit.

    Only sessions marked at sign-in are looked at, so a customer's request costs nothing here.
    Sits after `AuthenticationMiddleware`, so the view already sees the anonymous user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None:
            idle = _now() - last_seen
            if idle > settings.STAFF_SESSION_IDLE_SECONDS:
                logout(request)
            elif idle >= TOUCH_SECONDS:
                _touch(request.session)
        return self.get_response(request)
