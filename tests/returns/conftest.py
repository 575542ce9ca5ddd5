import contextlib

import pytest
from django.tasks import task_backends


def _reset_task_backends():
    task_backends.__dict__.pop("settings", None)  # the handler's cached TASKS
    with contextlib.suppress(AttributeError):  # not built yet
        del task_backends["default"]


@pytest.fixture
def tasks_not_run(settings):
    """Enqueued tasks are kept, not run, so the test decides who executes the refund."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    _reset_task_backends()
    yield
    _reset_task_backends()  # the settings fixture restores TASKS after this
