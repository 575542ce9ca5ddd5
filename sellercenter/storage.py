"""Static file storages that work out each file's URL once per process.

An admin page asks for about twenty static URLs (stylesheets, scripts, icons), and
each `{% static %}` makes the storage join, quote and, with the manifest, look up the
hashed name again: about 4% of the instructions of an Omnitron change list. A file's
URL cannot change while a process runs (the manifest is read once, at start), so the
first answer is kept. Calls with extra arguments (`force=True`) are not cached.
"""

from django.contrib.staticfiles import storage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedUrlMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, *args, **kwargs):
        if args or kwargs:
            return super().url(name, *args, **kwargs)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url


class StaticFilesStorage(CachedUrlMixin, storage.StaticFilesStorage):
    """Development and tests: files found where they are, no manifest."""


class ManifestStaticFilesStorage(CachedUrlMixin, CompressedManifestStaticFilesStorage):
    """Production: hashed, compressed files from `collectstatic` (whitenoise)."""
