"""Path converters of the store's URLs."""


class OrderNumberConverter:
    """An order number as it can be stored: up to 20 characters, none of them a slash or a
    control character. Anything else (a NUL byte, which PostgreSQL cannot compare) is a 404
    before any query."""

    regex = r"[^/\x00-\x1f\x7f]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
