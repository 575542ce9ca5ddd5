"""API keys: how one is made, shown and checked.

A key reads `<prefix>.<secret>`: the prefix finds the row (it is stored and shown), the
secret is checked against its hash. The secret is 32 random bytes, so a fast hash
(SHA-512, as djangorestframework-api-key's own hasher) is as safe as a slow one and
costs microseconds on every request; see "Integration API" in docs/decisions.md.
"""

import hashlib
import secrets

from django.contrib.auth.hashers import BasePasswordHasher
from django.utils.crypto import constant_time_compare

PREFIX_LENGTH = 8
SEPARATOR = "."


class ApiKeySecretHasher(BasePasswordHasher):
    """Django's hasher interface over an unsalted SHA-512 of a random secret."""

    algorithm = "api_sha512"

    def salt(self) -> str:
        return ""

    def encode(self, password: str, salt: str = "") -> str:
        digest = hashlib.sha512(password.encode()).hexdigest()
        return f"{self.algorithm}$${digest}"

    def decode(self, encoded: str) -> dict:
        algorithm, salt, digest = encoded.split("$", 2)
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        return constant_time_compare(self.encode(password), encoded)

    def safe_summary(self, encoded: str) -> dict:
        return {"algorithm": self.algorithm}

    def harden_runtime(self, password: str, encoded: str) -> None:
        pass


hasher = ApiKeySecretHasher()


def key_generate() -> tuple[str, str, str]:
    """A new key: (the whole key to show once, its prefix, the secret's hash to store)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    return f"{prefix}{SEPARATOR}{secret}", prefix, hasher.encode(secret)


def key_split(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a presented key, or None when it cannot be one of ours."""
    prefix, separator, secret = key.partition(SEPARATOR)
    if not separator or len(prefix) != PREFIX_LENGTH or not secret or len(secret) > 100:
        return None
    return prefix, secret
