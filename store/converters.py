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


class RowIdConverter:
    """A row's id: up to 18 digits, so it always fits a 64-bit column; a longer one is a 404
    before any query (SQLite cannot even bind it)."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
