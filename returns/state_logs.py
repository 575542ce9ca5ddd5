"""The transitions' history (django-fsm-log's `StateLog`), written by the storage backend that
`DJANGO_FSM_LOG_STORAGE_METHOD` names.

Outside `state_logs_together()` every transition writes its row at once, as django-fsm-log's
`SimpleBackend` does. Inside it, the rows (the same rows: state, transition, actor and
description) are kept and written by one INSERT when the block ends, in the caller's
transaction, so a step that moves a line, its plan, the requests, the items and the order
writes its history in one statement instead of five.
"""

from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django_fsm_log.backends import SimpleBackend
from django_fsm_log.helpers import FSMLogDescriptor
from django_fsm_log.models import StateLog

_pending: ContextVar[list[StateLog] | None] = ContextVar("pending_state_logs", default=None)


class TogetherBackend(SimpleBackend):
    """`SimpleBackend`, except that inside `state_logs_together()` the rows wait for its end."""

    @staticmethod
    def post_transition_callback(sender, instance, name, source, target, **kwargs):
        pending = _pending.get()
        if pending is None:
            return SimpleBackend.post_transition_callback(sender, instance, name, source, target, **kwargs)
        qualified_name = f"{sender.__module__}.{getattr(sender, '__qualname__', sender.__name__)}"
        if target is None or qualified_name in settings.DJANGO_FSM_LOG_IGNORED_MODELS:
            return None
        log = StateLog(source_state=source, state=target, transition=name, content_object=instance)
        for attribute in ("by", "description"):
            with suppress(AttributeError):  # a transition not decorated to take it
                setattr(log, attribute, FSMLogDescriptor(instance, attribute).get())
        pending.append(log)
        return log


@contextmanager
def state_logs_together():
    """Write the history of the transitions made in the block by one INSERT at its end (with
    any kept by an enclosing block), in the caller's transaction; a block that raises writes
    nothing, and its transaction cannot commit."""
    pending = _pending.get()
    token = _pending.set([]) if pending is None else None
    try:
        with transaction.atomic(savepoint=False):
            yield
            logs = _pending.get()
            StateLog.objects.bulk_create(logs)
            logs.clear()
    finally:
        if token is not None:
            _pending.reset(token)
