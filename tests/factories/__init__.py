from .orders import (
    OrderFactory,
    OrderItemFactory,
    PackageFactory,
    PaymentFactory,
    ProductFactory,
    SellerFactory,
    move_package,
    placed_order,
)
from .returns import (
    CancellationPlanFactory,
    CancellationPlanItemFactory,
    CancellationReasonFactory,
    CancellationRequestFactory,
    OutboundEmailFactory,
    RefundLineFactory,
    SandboxGatewayRefundFactory,
)
from .users import UserFactory

__all__ = [
    "CancellationPlanFactory",
    "CancellationPlanItemFactory",
    "CancellationReasonFactory",
    "CancellationRequestFactory",
    "OrderFactory",
    "OrderItemFactory",
    "OutboundEmailFactory",
    "PackageFactory",
    "PaymentFactory",
    "ProductFactory",
    "RefundLineFactory",
    "SandboxGatewayRefundFactory",
    "SellerFactory",
    "UserFactory",
    "move_package",
    "placed_order",
]
