from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """Omnitron (the owner's admin) and Seller Center (the sellers' admin): no models of their own."""

    name = "backoffice"
    verbose_name = _("Back offices")
