"""Browser tests: a live Django server driven by Playwright in Debian's headless Chromium.

``playwright install`` cannot download browsers here, so the tests launch ``/usr/bin/chromium``
(the Debian package; ``.ci/run`` installs it with ``fonts-noto-cjk`` for Chinese). Every test module here
is marked ``browser``: skipped on a machine without Chromium, a failure in CI (tests/conftest.py).

Screenshots of the pages go to ``$JINZHOU_SCREENSHOTS_DIR`` when it is set (``make screenshots``
sets it to docs/screenshots), otherwise to a temporary folder.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "pw-for-tests-only"  # tests/world.py's users
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


# Per test, started after the test's database set-up and stopped before its flush. While Playwright
# runs, this thread has an event loop, and Django's connection handler then hands out another
# connection object: one without the serialized snapshot, so a flush inside that window would
# recreate content types (post_migrate) and break every later serialized test on the worker. The
# tests' own ORM calls are synchronous and never overlap with the browser, so Django is told so
# (DJANGO_ALLOW_ASYNC_UNSAFE) for exactly as long as the browser runs.
@pytest.fixture
def chromium(_django_db_helper):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium")  # the browser marker has already failed it in CI
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def roles(db) -> None:
    """The role groups and their admin permissions. A data migration creates them, but a transactional
    test that ran before on the same worker may have flushed them with every other table."""
    from jinzhou.org.choices import Role
    from jinzhou.org.roles import grant_role_permissions
    from jinzhou.org.services import role_group

    for role in Role:
        role_group(role)
    grant_role_permissions()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("JINZHOU_SCREENSHOTS_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visitor:
    """One signed-in browser context, recording console errors (a CSP violation is one)."""

    def __init__(self, browser, base_url: str, viewport: dict) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def sign_in(self, username: str, password: str = PASSWORD) -> "Visitor":
        self.go("/portal/sign-in/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit].primary")
        self.page.wait_for_url("**/portal/")
        return self

    def admin_sign_in(self, username: str, password: str = PASSWORD) -> "Visitor":
        self.go("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url("**/admin/")
        return self

    def horizontal_overflow(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(chromium, live_server):
    opened: list[Visitor] = []

    def open_visitor(viewport: dict = PHONE) -> Visitor:
        opened.append(Visitor(chromium, live_server.url, viewport))
        return opened[-1]

    yield open_visitor
    for item in opened:
        item.close()
