"""`Idempotency-Key` on POST: the same key and body give the first answer again and act once.

The first request with a key inserts its row (in its own committed transaction) before it
acts; the unique constraint on (user, key) makes every other request with that key, even
one racing it on another process, find the row instead. Those wait for the first answer
and replay it; a different method, path or body with the key is a 409. An answer of 5xx
is not kept, so the client may try again.
"""

import hashlib
import json
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from .exceptions import IdempotencyInProgressError, IdempotencyKeyReusedError
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
WAIT_SECONDS = 30  # how long a repeat waits for the first request's answer
POLL_SECONDS = 0.05


def idempotent(handler):
    """Decorate a view's `post`: with the header, the answer is kept and replayed."""

    @wraps(handler)
    def post(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH or "\x00" in key:
            raise exceptions.ValidationError({HEADER: [_("Send 1 to 255 characters.")]})
        fingerprint = _fingerprint(request)
        record = _claim(user=request.user, key=key, method=request.method, path=request.path, fingerprint=fingerprint)
        if not record.first:
            return _replay(record.row, fingerprint)
        try:
            response = handler(view, request, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - an error's answer is the answer to keep (not a 5xx, below)
            try:
                response = view.handle_exception(exc)
            except Exception:
                IdempotentRequest.objects.filter(pk=record.row.pk).delete()
                raise
        if response.status_code >= 500:
            IdempotentRequest.objects.filter(pk=record.row.pk).delete()
        else:
            IdempotentRequest.objects.filter(pk=record.row.pk).update(
                status_code=response.status_code, body=json.dumps(response.data, cls=DjangoJSONEncoder)
            )
        return response

    return post


class _Claimed:
    def __init__(self, row: IdempotentRequest, first: bool) -> None:
        self.row, self.first = row, first


def _fingerprint(request) -> str:
    try:
        body = request.body
    except RawPostDataException:  # a multipart body, read as a form already: not the JSON the API takes
        raise exceptions.UnsupportedMediaType(request.content_type) from None
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), body):
        digest.update(part + b"\x00")
    return digest.hexdigest()


def _claim(*, user, key: str, method: str, path: str, fingerprint: str) -> _Claimed:
    """Insert the key's row, or find the one another request inserted first."""
    expired = timezone.now() - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    IdempotentRequest.objects.filter(user=user, key=key, created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            row = IdempotentRequest.objects.create(
                user=user, key=key, method=method, path=path, fingerprint=fingerprint
            )
        return _Claimed(row, first=True)
    except IntegrityError:
        row = IdempotentRequest.objects.filter(user=user, key=key).first()
        if row is None:  # the first request failed and was not kept meanwhile
            raise IdempotencyInProgressError(
                _("The first request with this Idempotency-Key failed; send it again.")
            ) from None
        return _Claimed(row, first=False)


def _replay(row: IdempotentRequest, fingerprint: str) -> Response:
    if row.fingerprint != fingerprint:
        raise IdempotencyKeyReusedError(
            _("This Idempotency-Key was used for another request; send a new key for a new request.")
        )
    deadline = time.monotonic() + WAIT_SECONDS
    while row.status_code is None:
        if time.monotonic() > deadline:
            raise IdempotencyInProgressError(_("The first request with this Idempotency-Key is still running."))
        time.sleep(POLL_SECONDS)
        row = IdempotentRequest.objects.filter(pk=row.pk).first()
        if row is None:  # the first request failed with a 5xx and was not kept
            raise IdempotencyInProgressError(_("The first request with this Idempotency-Key failed; send it again."))
    response = Response(json.loads(row.body) if row.body else None, status=row.status_code)
    response["Idempotent-Replayed"] = "true"
    return response
