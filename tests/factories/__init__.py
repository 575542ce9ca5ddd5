from .orders import ProductFactory, SellerFactory, move_package, placed_order
from .returns import CancellationReasonFactory
from .users import UserFactory

__all__ = [
    "CancellationReasonFactory",
    "ProductFactory",
    "SellerFactory",
    "UserFactory",
    "move_package",
    "placed_order",
]
