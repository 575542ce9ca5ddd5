"""Background tasks of the integration API (Django's tasks framework)."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def deliver_webhooks(delivery_ids: list[int]) -> None:
    """Send these webhook deliveries now, those still due (the sweeper retries what fails)."""
    from .webhooks.delivery import deliveries_send

    sent = deliveries_send(delivery_ids=delivery_ids)
    logger.info("task deliver_webhooks %s deliveries, %s sent", len(delivery_ids), sent)
