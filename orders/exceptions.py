class OrdersError(Exception):
    """Base class of order domain errors; the message is shown to the user."""


class PackageTransitionError(OrdersError):
    pass


class ItemSplitError(OrdersError):
    pass


class OrderPlacementError(OrdersError):
    pass
