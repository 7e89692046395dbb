"""View mixins shared by every app."""

from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Check a rules permission against ``get_permission_object()``.

    Anonymous visitors are sent to the login page before any object is looked
    up, so they cannot tell which ids exist; a logged-in user without the
    permission gets 403 (Django's ``AccessMixin`` behaviour).
    """

    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
