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
    "CancellationPlanFactory",
    "CancellationPlanItemFactory",
    "CancellationReasonFactory",
    "CancellationRequestFactory",
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
    "parcel_deliver",
]
