from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """The sandbox payment gateway and its ledger, installed only while it is the configured gateway."""

    name = "sandbox"
    verbose_name = "Sandbox payment gateway"
