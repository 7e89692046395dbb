"""Every admin page of our own models passes axe and breaks no CSP rule.

NVP staff work in the admin: each registered model of our apps is visited as
its changelist, its add page and the change page of a stored row, and axe
must find nothing, nor may the console show a Content Security Policy error
(inline styles and scripts are refused by our policy).
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from actionplans.models import ActionPlan
from actionplans.models import OwnerLink
from actionplans.models import PdfDownload
from actionplans.models import PlanVersion
from tests.browser.axe import assert_no_axe_violations
from tests.regions.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_APPS = ("accounts", "regions", "surveys", "sessions_app", "actionplans")


def _create(model, **fields):
    """Create a row with the given fields that the model (still) has."""
    names = {f.name for f in model._meta.fields}
    return model.objects.create(**{k: v for k, v in fields.items() if k in names})


@pytest.fixture
def rows(region, trajectory, users_by_role):
    """A stored row of every model of ours that the admin shows."""
    staff = users_by_role["staff"]
    MunicipalityFactory(region=region)
    plan = _create(ActionPlan, trajectory=trajectory)
    version = _create(PlanVersion, plan=plan, number=1, published_by=staff)
    _create(PdfDownload, version=version, user=staff)
    _create(
        OwnerLink,
        plan=plan,
        email="eigenaar@example.org",
        name="Eigenaar",
        token_hash="e" * 64,
    )
    _create(
        Invitation,
        user=users_by_role["facilitator"],
        token_hash="f" * 64,
        invited_by=staff,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def _admin_urls() -> list[tuple[str, str]]:
    """(label, URL) of every changelist, add and change page of our models."""
    urls = [("admin index", reverse("admin:index"))]
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in OUR_APPS:
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append((f"{meta.label} list", reverse(f"{prefix}_changelist")))
        urls.append((f"{meta.label} add", reverse(f"{prefix}_add")))
        row = model._default_manager.first()
        assert row is not None, f"no {meta.label} row to open"
        urls.append(
            (f"{meta.label} change", reverse(f"{prefix}_change", args=[row.pk]))
        )
    return sorted(urls)


def test_every_admin_page_of_ours_passes_axe_without_csp_errors(
    browser, live_server, users_by_role, rows
):
    client = Client()
    client.force_login(users_by_role["staff"])
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    # Every refusal by the Content Security Policy, as the page itself meets
    # it (axe, which runs afterwards, sets inline styles of its own).
    context.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push(e.violatedDirective + ' ' + e.sourceFile + ':'"
        " + e.lineNumber + ' ' + e.sample));"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    failures = []
    try:
        urls = _admin_urls()
        assert len(urls) >= 30
        for label, url in urls:
            errors.clear()
            response = page.goto(live_server.url + url)
            assert response is not None
            assert response.status == 200, f"{label}: {response.status}"
            page.wait_for_load_state("load")
            refused = page.evaluate("window.__csp")
            if refused or errors:
                failures.append(f"{label}: CSP {refused}, script errors {errors}")
            try:
                assert_no_axe_violations(page, label)
            except AssertionError as failure:
                failures.append(str(failure))
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)
