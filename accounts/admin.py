from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import StaffAdminMixin

from .models import Invitation
from .models import User

# Fields that hand out rights in the admin itself: only a superuser may set them.
RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(StaffAdminMixin, DjangoUserAdmin):
    """Users for NVP staff; granting staff or superuser rights is for superusers.

    A staff member who is not a superuser sees the rights fields read-only and
    may look at, but not change, delete or set the password of, a superuser:
    otherwise they could take over a superuser's account.
    """

    ordering = ["email"]
    # Kept by Django itself; read-only also spares the split date/time widget,
    # whose two inputs have no labels (axe).
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("name",)}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [field for field in RIGHTS_FIELDS if field not in readonly]
        return readonly

    def _may_touch(self, request, obj) -> bool:
        return obj is None or not obj.is_superuser or request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(
            request, obj
        )


@admin.register(Invitation)
class InvitationAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["token_hash"]
