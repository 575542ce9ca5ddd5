from .api import ApiKeyFactory, IdempotentRequestFactory, api_key_of
from .figures import DailyReturnFiguresFactory, DailySalesFactory
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
    "ReturnScanFactory",
    "ReturnShipmentFactory",
    "SellerFactory",
    "UserFactory",
    "api_key_of",
    "parcel_deliver",
]
