"""View mixins shared by every app."""

from typing import Any
from typing import Generic
from typing import TypeVar

from django.db.models import Model
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

_M = TypeVar("_M", bound=Model)


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Check a rules permission against ``get_permission_object()``.

    Anonymous visitors are sent to the login page before any object is looked
    up, so they cannot tell which ids exist. A logged-in user without the
    permission gets 404 when the check was about an object (a trajectory,
    a region), so that ids do not reveal which objects exist, and 403 on
    pages without an object (Django's ``AccessMixin`` behaviour).
    """

    raise_exception = False

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        self._checked_object = self.get_permission_object()  # type: ignore[no-untyped-call]
        user = self.request.user  # type: ignore[attr-defined]
        return bool(
            user.has_perms(self.get_permission_required(), self._checked_object)
        )

    def handle_no_permission(self) -> HttpResponseBase:  # type: ignore[override]
        if (
            self.request.user.is_authenticated  # type: ignore[attr-defined]
            and getattr(self, "_checked_object", None) is not None
        ):
            raise Http404
        return super().handle_no_permission()


class ObjectPermissionMixin(PermissionRequiredMixin, Generic[_M]):
    """Check the permission against one object looked up from the URL, once.

    Subclasses name the queryset; the object with the URL's
    ``permission_lookup_kwarg`` is fetched the first time it is asked for and
    kept for the rest of the request. A missing object is a 404, but only
    after the anonymous visitor was sent to the login page; an object the
    user may not see is a 404 too, so the two cannot be told apart.
    """

    permission_lookup_kwarg = "pk"
    kwargs: dict[str, Any]  # set by View.setup(), as on every class view
    _permission_object: _M

    def get_permission_queryset(self) -> QuerySet[_M]:
        raise NotImplementedError

    def get_permission_object(self) -> _M:
        if not hasattr(self, "_permission_object"):
            self._permission_object = get_object_or_404(
                self.get_permission_queryset(),
                pk=self.kwargs[self.permission_lookup_kwarg],
            )
        return self._permission_object
