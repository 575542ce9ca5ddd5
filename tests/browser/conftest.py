"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError("CI=true but Chromium is missing: apt-get install chromium")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """The browser closes before the live server stops.

    A page can leave a keep-alive connection open. If the server stopped first, its
    request thread would close the shared test database connection after the server
    had stopped sharing it, and fail.
    """
    return browser


@pytest.fixture
def login(page, live_server):
    def as_user(username: str, password: str = "pw-for-tests", path: str = "/accounts/login/", on=None):
        """Sign in on `page`, or on another browser context's page `on`."""
        tab = on or page
        tab.goto(f"{live_server.url}{path}")
        tab.get_by_label("Username").fill(username)
        tab.get_by_label("Password").fill(password)
        tab.get_by_role("button", name="Log in").click()

    return as_user
