from django.contrib import admin

from core.admin import StaffAdminMixin

from .models import Municipality
from .models import Region
from .models import RegionMembership
from .models import Trajectory


class MunicipalityInline(StaffAdminMixin, admin.TabularInline):
    model = Municipality
    extra = 0
    fields = ["code", "name", "reference_year"]
    readonly_fields = ["code"]


@admin.register(Region)
class RegionAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "reference_year"]
    search_fields = ["code", "name", "aliases", "municipalities__name"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region", "reference_year"]
    list_filter = ["region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(RegionMembership)
class RegionMembershipAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["user", "region", "role"]
    list_filter = ["role", "region"]
    autocomplete_fields = ["user", "region"]
    list_select_related = ["user", "region"]


@admin.register(Trajectory)
class TrajectoryAdmin(StaffAdminMixin, admin.ModelAdmin):
    list_display = ["name", "region", "format", "phase", "survey_opens_on"]
    list_filter = ["phase", "format", "region"]
    search_fields = ["name", "region__name"]
    filter_horizontal = ["municipalities", "facilitators", "policy_makers"]
    list_select_related = ["region"]
