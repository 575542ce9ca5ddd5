from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxConfig(AppConfig):
    """The sandbox payment gateway and its ledger, installed only while it is the configured gateway."""

    name = "sandbox"
    verbose_name = _("Sandbox payment gateway")
