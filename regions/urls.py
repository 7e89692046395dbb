from django.urls import path

from . import views
from .team import views as team_views

app_name = "regions"

urlpatterns = [
    path(
        "team/uitnodigen/",
        team_views.InvitationCreateView.as_view(),
        name="invitation_create",
    ),
    path("regios/", views.RegionListView.as_view(), name="region_list"),
    path("regios/<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path(
        "regios/<str:code>/trajecten/nieuw/",
        views.TrajectoryCreateView.as_view(),
        name="trajectory_create",
    ),
    path(
        "trajecten/nieuw/",
        views.TrajectoryStartView.as_view(),
        name="trajectory_start",
    ),
    path(
        "trajecten/<int:pk>/",
        views.TrajectoryDetailView.as_view(),
        name="trajectory_detail",
    ),
    path(
        "trajecten/<int:pk>/bewerken/",
        views.TrajectoryUpdateView.as_view(),
        name="trajectory_update",
    ),
    path(
        "trajecten/<int:pk>/teamleden/",
        views.TrajectoryAssignView.as_view(),
        name="trajectory_assign",
    ),
    path(
        "trajecten/<int:pk>/teamleden/uitnodigen/",
        team_views.TrajectoryTeamInviteView.as_view(),
        name="trajectory_team_invite",
    ),
    path(
        "trajecten/<int:pk>/wijzigingen/",
        views.TrajectoryAuditView.as_view(),
        name="trajectory_audit",
    ),
    path(
        "trajecten/<int:pk>/fase/",
        views.TrajectoryPhaseView.as_view(),
        name="trajectory_phase",
    ),
]
