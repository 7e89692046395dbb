"""Admin access: NVP staff (``is_staff``) manage everything in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.db.models import Model
from django.http import HttpRequest


class StaffAdminMixin:
    """Give active NVP staff full access to a ModelAdmin; nobody else."""

    def _is_staff(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_view_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return self._is_staff(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._is_staff(request)

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return self._is_staff(request)

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return self._is_staff(request)


def give_staff_every_admin(site: AdminSite) -> None:
    """Re-register third-party ModelAdmins so NVP staff can use them too.

    Without this, allauth's e-mail addresses and axes' lock-outs would need
    per-model Django permissions that nobody hands out. Groups are not used.
    """
    from django.contrib.auth.models import Group

    if site.is_registered(Group):
        site.unregister(Group)
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, StaffAdminMixin):
            continue
        admin_class = type(
            model_admin.__class__.__name__,
            (StaffAdminMixin, model_admin.__class__),
            {},
        )
        site.unregister(model)
        site.register(model, admin_class)
