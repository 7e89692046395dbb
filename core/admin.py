"""Admin access: NVP staff (``is_staff``) manage everything in the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin import TabularInline
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Field
from django.db.models import Model
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def _label_widgets(formfield: forms.Field, label: str, *, tabular: bool) -> None:
    """Give the inputs that the admin leaves unlabelled an accessible name.

    The split date/time widget has two inputs and one label for neither; a
    tabular inline has column headers but no label per input. (Autocomplete
    boxes are named by static/js/admin-a11y.js, as Select2 builds them.)
    """
    widget = formfield.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, AdminSplitDateTime):
        date, time = widget.widgets
        date.attrs["aria-label"] = f"{label}: {_('datum')}"
        time.attrs["aria-label"] = f"{label}: {_('tijd')}"
    elif tabular:
        widget.attrs["aria-label"] = label


class StaffAdminMixin:
    """Give active NVP staff full access to a ModelAdmin; nobody else.

    It also labels what the admin leaves unlabelled (see ``_label_widgets``),
    so that the admin pages pass axe.
    """

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        formfield: forms.Field | None = super().formfield_for_dbfield(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        if formfield is not None:
            label = str(capfirst(formfield.label or db_field.verbose_name))
            _label_widgets(formfield, label, tabular=isinstance(self, TabularInline))
        return formfield

    def get_formset(
        self, request: HttpRequest, obj: Model | None = None, **kwargs: Any
    ) -> Any:
        """A tabular inline's delete box gets a name too (inlines only)."""
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        if not isinstance(self, TabularInline):
            return formset

        class LabelledFormSet(formset):  # type: ignore[misc,valid-type]
            def add_fields(self, form: forms.Form, index: int | None) -> None:
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = _("Verwijderen")

        return LabelledFormSet

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
