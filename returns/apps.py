from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def forget_active_reasons(sender, **kwargs):
    """A reason was edited: the next Order Details page reads the reasons afresh."""
    from .selectors import cancellation_reason_cache_clear

    cancellation_reason_cache_clear()


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Cancellations and returns")

    def ready(self):
        from .models import CancellationReason

        for signal in (post_save, post_delete):
            signal.connect(forget_active_reasons, sender=CancellationReason, dispatch_uid=f"reasons-{signal}")
