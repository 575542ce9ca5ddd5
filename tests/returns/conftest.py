import pytest


@pytest.fixture
def tasks_not_run(settings):
    """Enqueued tasks are kept, not run, so the test decides who executes the refund.

    Django's own `setting_changed` receiver resets the task backends when TASKS changes,
    here and when the settings fixture restores it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
