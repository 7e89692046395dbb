"""The browser side of the journey: people, their devices, language and axe.

Every person gets a browser context of their own (a device). A logged-in
person gets the session of ``force_login``; everyone switches the language
the way a user does, with the button in the page header. Each distinct page
the journey visits is checked once with axe-core, per language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404
from django.urls import resolve
from django.utils import translation
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from tests.browser.axe import assert_no_axe_violations

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
# Fail a step within seconds, not after Playwright's 30 s default.
STEP_TIMEOUT_MS = 15_000


@dataclass
class Journey:
    browser: Browser
    base_url: str
    language: str
    checked: dict[str, str] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    _contexts: list[BrowserContext] = field(default_factory=list)
    _started: float = field(default_factory=time.monotonic)

    # -- texts --------------------------------------------------------------
    def t(self, text: str) -> str:
        """The text a user sees for the Dutch ``text`` in this journey's language."""
        with translation.override(self.language):
            return translation.gettext(text)

    # -- devices ------------------------------------------------------------
    def device(self, user=None, *, phone: bool = False, **options) -> BrowserContext:
        context = self.browser.new_context(**(PHONE if phone else LAPTOP), **options)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie,
                        "url": self.base_url,
                    }
                ]
            )
        self._contexts.append(context)
        return context

    def page(self, user=None, *, phone: bool = False, **options) -> Page:
        return self.device(user, phone=phone, **options).new_page()

    def close_all(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()

    # -- navigation ---------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, page: Page, path: str, *, variant: str = "") -> Page:
        """Open ``path``; switch language there the first time on this device."""
        page.goto(self.url(path))
        self.switch_language(page)
        self.check(page, variant=variant)
        return page

    def switch_language(self, page: Page) -> None:
        """Press the language button in the header, as a user does, if needed."""
        if page.evaluate("document.documentElement.lang") == self.language:
            return
        label = {"en": "English", "nl": "Nederlands"}[self.language]
        button = page.get_by_role("button", name=label, exact=True)
        toggler = page.locator("button.navbar-toggler")
        if not button.is_visible() and toggler.is_visible():
            toggler.click()  # on a phone the switch sits in the menu
        with page.expect_navigation():
            button.click()
        lang = page.evaluate("document.documentElement.lang")
        assert lang == self.language, f"{page.url}: still in {lang}"

    def check(self, page: Page, *, variant: str = "") -> None:
        """axe-core on this page, once per distinct page (URL name and variant)."""
        path = urlsplit(page.url).path
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = path
        key = f"{name}{'/' + variant if variant else ''}"
        if key in self.checked:
            return
        lang = page.evaluate("document.documentElement.lang")
        assert lang == self.language, f"{key} ({page.url}) is in {lang!r}"
        assert_no_axe_violations(page, f"{key} [{self.language}] {page.url}")
        self.checked[key] = page.url

    # -- time ---------------------------------------------------------------
    def lap(self, label: str) -> None:
        now = time.monotonic()
        self.timings.append((label, now - self._started))
        self._started = now
