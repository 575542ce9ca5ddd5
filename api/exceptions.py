class ApiError(Exception):
    """Base class of the API's own errors; the message is shown to the user."""


class ApiKeyError(ApiError):
    pass


class IdempotencyKeyReusedError(ApiError):
    """An `Idempotency-Key` sent again with another method, path or body."""


class IdempotencyInProgressError(ApiError):
    """The first request with this `Idempotency-Key` has not finished yet."""


class WebhookError(ApiError):
    """A webhook subscription that cannot be saved as asked."""
