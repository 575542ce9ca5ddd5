from .api import (
    ApiKeyFactory,
    IdempotentRequestFactory,
    WebhookDeliveryFactory,
    WebhookEventFactory,
    WebhookSubscriptionFactory,
    api_key_of,
)
from .figures import (
    DailyReturnFiguresFactory,
    DailySalesFactory,
    ReturnHoursFactory,
    WeeklyProductFiguresFactory,
    WeeklyReturnFiguresFactory,
    WeeklySalesFactory,
)
from .orders import (
    OrderFactory,
    OrderItemFactory,
    PackageFactory,
    PaymentFactory,
    ProductFactory,
    SellerFactory,
)
from .outbox import OutboundEmailFactory
from .returns import (
    CancellationPlanFactory,
    CancellationPlanItemFactory,
    CancellationReasonFactory,
    CancellationRequestFactory,
    RefundLineFactory,
)
from .sandbox import LedgerRefundFactory
from .shipments import ReturnScanFactory, ReturnShipmentFactory, parcel_deliver
from .users import UserFactory

__all__ = [
    "ApiKeyFactory",
    "CancellationPlanFactory",
    "CancellationPlanItemFactory",
    "CancellationReasonFactory",
    "CancellationRequestFactory",
    "DailyReturnFiguresFactory",
    "DailySalesFactory",
    "IdempotentRequestFactory",
    "LedgerRefundFactory",
    "OrderFactory",
    "OrderItemFactory",
    "OutboundEmailFactory",
    "PackageFactory",
    "PaymentFactory",
    "ProductFactory",
    "RefundLineFactory",
    "ReturnHoursFactory",
    "ReturnScanFactory",
    "ReturnShipmentFactory",
    "SellerFactory",
    "UserFactory",
    "WebhookDeliveryFactory",
    "WebhookEventFactory",
    "WebhookSubscriptionFactory",
    "WeeklyProductFiguresFactory",
    "WeeklyReturnFiguresFactory",
    "WeeklySalesFactory",
    "api_key_of",
    "parcel_deliver",
]
