from django.contrib import admin

from core.admin import StaffAdminMixin

from .models import ActionPlan
from .models import OwnerLink
from .models import PdfDownload
from .models import PlanVersion


@admin.register(ActionPlan)
class ActionPlanAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["trajectory", "status", "has_unpublished_changes", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["trajectory"]
    raw_id_fields = ["trajectory"]


@admin.register(PlanVersion)
class PlanVersionAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "number", "published_at", "pdf_status", "pdf_pages"]
    list_filter = ["pdf_status"]
    list_select_related = ["plan__trajectory"]
    # The PDF is served by the permission-checking view only.
    exclude = ["pdf", "snapshot"]
    readonly_fields = ["plan", "number", "published_by", "published_at"]


@admin.register(PdfDownload)
class PdfDownloadAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["version", "user", "downloaded_at"]
    list_select_related = ["version__plan__trajectory", "user"]


@admin.register(OwnerLink)
class OwnerLinkAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["email", "plan", "revoked_at", "last_used_at"]
    list_select_related = ["plan__trajectory"]
    exclude = ["token_hash"]
    raw_id_fields = ["plan"]
