"""Who changed what and when: django-auditlog, scoped to a trajectory or region.

Apps register their models here (in ``AppConfig.ready``) with a function that
names the trajectory (or region) a row belongs to; every log entry carries it
in ``additional_data`` so that a trajectory's page can list its own changes
without knowing every model. Survey answers are never registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.http import HttpResponse

Scope = Callable[[Any], dict[str, int | None]]


def audit_register(model: type[models.Model], *, scope: Scope, **options: Any) -> None:
    """Log every create, change and delete of ``model``, tagged with its scope.

    ``scope(instance)`` returns e.g. ``{"trajectory_id": 3}``; auditlog calls
    the model's ``get_additional_data`` for each entry. ``options`` go to
    ``auditlog.register`` (``exclude_fields``, ``m2m_fields`` ...).
    """

    def get_additional_data(instance: models.Model) -> dict[str, int | None]:
        return scope(instance)

    model.get_additional_data = get_additional_data  # type: ignore[attr-defined]
    auditlog.register(model, **options)


class StaffAuditMiddleware(AuditlogMiddleware):  # type: ignore[misc]
    """Name the signed-in person as the actor of each change; no IP address.

    Requests without a session cookie (respondents, voters) cannot change
    audited rows as a person, so they skip the bookkeeping: the survey
    submit stays as fast as it was.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # type: ignore[no-any-return]
        return super().__call__(request)  # type: ignore[no-any-return]
