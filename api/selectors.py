"""Reads of the API's own rows."""

from django.db.models import QuerySet

from .models import ApiKey


def api_key_get_active(*, prefix: str) -> ApiKey | None:
    """The unrevoked key with this prefix, with its user, or None."""
    return ApiKey.objects.active().select_related("user").filter(prefix=prefix).first()


def api_key_list_for_owner() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("user", "created_by")
