"""Site-wide pages: home, dashboard, health check, error pages."""

import logging
import sys

import rules
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError
from django.db import OperationalError
from django.db import connection
from django.http import HttpResponse
from django.http import HttpResponseServerError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from actionplans.selectors.national import national_overview
from regions.selectors import regions_managed_by
from regions.selectors import trajectory_list_visible_to
from surveys.respond.recovery import csrf_failure as survey_csrf_failure

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


def _privacy_context() -> dict:
    return {
        "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        "retention_months": settings.RETENTION_MONTHS,
    }


def privacy(request):
    """The privacy statement in B1 Dutch: what is stored, why, how long, whom to ask."""
    return render(request, "privacy/statement.html", _privacy_context())


def privacy_children(request):
    """The same for children and young people, in A2 Dutch."""
    return render(request, "privacy/children.html", _privacy_context())


@login_required
def dashboard(request):
    trajectories = trajectory_list_visible_to(user=request.user)
    return render(
        request,
        "dashboard.html",
        {
            "trajectories": trajectories,
            "managed_regions": regions_managed_by(user=request.user)[:50],
            # NVP staff see the whole country on their home page.
            # rules.has_perm asks the rule only: no permission-table query.
            "overview": national_overview()
            if rules.has_perm("actionplans.view_national_overview", request.user)
            else None,
        },
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        logger.warning("healthz: database not reachable", exc_info=True)
        return False


def _broker_ok() -> bool | None:
    """Return None when no broker is configured (eager mode).

    The check connects to ``settings.CELERY_BROKER_URL`` itself rather than
    through the Celery app, whose configuration is read once per process.
    """
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        logger.warning("healthz: broker not reachable", exc_info=True)
        return False


@never_cache
@require_GET
def healthz(request):
    database = _database_ok()
    broker = _broker_ok()
    healthy = database and broker is not False
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "unreachable",
        "broker": {None: "not configured", True: "ok", False: "unreachable"}[broker],
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def robots_txt(request):
    """Keep every page out of search engines: survey URLs carry secret tokens."""
    response = HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def ratelimited(request, exception=None):
    return render(request, "429.html", status=429)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A failed CSRF check, in Dutch; a survey page keeps what was typed."""
    response = survey_csrf_failure(request, reason)
    if response is not None:
        return response
    return render(request, "403_csrf.html", status=403)


DATABASE_ERRORS = (OperationalError, InterfaceError)


def error_500(request):
    """A static page: the database or a template's context may be what failed.

    When the database could not be reached (a restart, a failover), the
    request gets a 503 that says so and asks to try again in a moment; the
    next request opens a new connection, so nothing needs restarting.
    """
    from django.template import loader

    _type, error, _traceback = sys.exc_info()
    if isinstance(error, DATABASE_ERRORS) or isinstance(
        getattr(error, "__cause__", None), DATABASE_ERRORS
    ):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
