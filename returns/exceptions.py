class ReturnsError(Exception):
    """Base class of cancellation and return errors; the message is shown to the user."""


class NothingSelectedError(ReturnsError):
    pass


class ItemNotFoundError(ReturnsError):
    pass


class ItemNotCancellableError(ReturnsError):
    pass


class ItemNotReturnableError(ReturnsError):
    pass


class ReturnWindowClosedError(ItemNotReturnableError):
    """A delivered item whose return window (`RETURN_WINDOW_DAYS`) has closed."""


class ReasonError(ReturnsError):
    pass


class QuantityError(ReturnsError):
    pass


class RejectionLimitError(ReturnsError):
    """The customer asks again for an item rejected `REJECTED_REQUESTS_PER_ITEM` times already."""


class DuplicateRequestError(ReturnsError):
    pass


class RequestNotDecidableError(ReturnsError):
    pass


class RequestNotWithdrawableError(ReturnsError):
    pass


class TooManyRequestsError(ReturnsError):
    """A customer sent more requests in the last hour than `REQUEST_SUBMISSIONS_PER_HOUR`."""


class PlanError(ReturnsError):
    pass


class RefundAmountError(ReturnsError):
    pass


class ShipmentError(ReturnsError):
    """A return's parcel cannot move that way (already shipped, received, expired...)."""


class UnknownReturnCodeError(ShipmentError):
    """A carrier reported a scan for a return code we never issued with it."""


class ReturnNotReceivedError(RequestNotDecidableError):
    """Approving a return whose parcel has not reached the seller needs `without_return=True`."""
