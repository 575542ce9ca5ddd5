from .orders import (
    OrderFactory,
    OrderItemFactory,
    PackageFactory,
    PaymentFactory,
    ProductFactory,
    SellerFactory,
)
from .returns import (
    CancellationPlanFactory,
    CancellationPlanItemFactory,
    CancellationReasonFactory,
    CancellationRequestFactory,
    OutboundEmailFactory,
    RefundLineFactory,
)
from .sandbox import LedgerRefundFactory
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
    "SellerFactory",
    "UserFactory",
]
