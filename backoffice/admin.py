"""Django's admin autodiscovery imports this module: it loads every screen of both back
offices, and each screen registers its ModelAdmins on its own site."""

from .omnitron import (  # noqa: F401
    api_keys,
    emails,
    items,
    orders,
    plans,
    reasons,
    refunds,
    requests,
    security,
    sellers,
    webhooks,
)
from .seller_center import packages, profile  # noqa: F401
from .seller_center import requests as seller_requests  # noqa: F401
from .seller_center import webhooks as seller_webhooks  # noqa: F401
