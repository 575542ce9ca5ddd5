from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The integration API (SPEC section 8): keys, idempotent writes, the sellers' and the owner's
    endpoints, and webhooks."""

    name = "api"
    verbose_name = _("Integration API")

    def ready(self):
        from returns import events

        from .webhooks.delivery import deliveries_sweep
        from .webhooks.events import event_record

        events.published.connect(event_record, dispatch_uid="api.webhooks.event_record")
        events.swept.connect(deliveries_sweep, dispatch_uid="api.webhooks.deliveries_sweep")
