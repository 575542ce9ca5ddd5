from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The integration API (SPEC section 8): keys, idempotent writes, the sellers' and the owner's endpoints."""

    name = "api"
    verbose_name = _("Integration API")
