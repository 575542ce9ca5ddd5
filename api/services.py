"""Workflow steps of the API's keys."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from orders.selectors import user_is_seller_staff

from .exceptions import ApiKeyError
from .keys import key_generate
from .models import ApiKey


@dataclass(frozen=True)
class IssuedKey:
    """A key just created: the row, and the whole key, which is never stored nor shown again."""

    api_key: ApiKey
    key: str


def api_key_owner_check(*, user: User) -> None:
    """Keys belong to a seller's staff or to owner staff (SPEC section 8); never to customers."""
    if not user.is_active:
        raise ApiKeyError(_("%(user)s is not active.") % {"user": user.get_username()})
    if not (user.is_staff or user_is_seller_staff(user=user, fresh=True)):
        raise ApiKeyError(
            _("%(user)s works neither for a seller nor for the marketplace owner.") % {"user": user.get_username()}
        )


@transaction.atomic
def api_key_create(*, user: User, name: str, created_by: User | None = None) -> IssuedKey:
    """Create a named key for a seller's or the owner's staff; the whole key is returned once."""
    api_key_owner_check(user=user)
    name = name.strip()
    if not name:
        raise ApiKeyError(_("Give the key a name."))
    key, prefix, hashed = key_generate()
    api_key = ApiKey.objects.create(user=user, name=name, prefix=prefix, hashed_secret=hashed, created_by=created_by)
    return IssuedKey(api_key=api_key, key=key)


def api_key_revoke(*, api_key_id: int) -> ApiKey:
    """Revoke a key: from now on it is refused. Revoking a revoked key changes nothing."""
    ApiKey.objects.filter(pk=api_key_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return ApiKey.objects.get(pk=api_key_id)


def api_key_touch(*, api_key: ApiKey) -> None:
    """Record that the key was used, at most once every `API_KEY_TOUCH_SECONDS` (a write per poll is waste)."""
    now = timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < timedelta(seconds=settings.API_KEY_TOUCH_SECONDS):
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
