from django.urls import path

from . import views
from .transfer.views import TrajectoryExportView

app_name = "actionplans"

P = "trajecten/<int:pk>/actieplan/"

urlpatterns = [
    path(P, views.PlanView.as_view(), name="plan"),
    path(P + "beginnen/", views.PlanStartView.as_view(), name="plan_start"),
    path(
        P + "onderwerpen/<int:entry_pk>/doel/",
        views.GoalEditView.as_view(),
        name="goal_edit",
    ),
    path(
        P + "onderwerpen/<int:entry_pk>/acties/nieuw/",
        views.ActionCreateView.as_view(),
        name="action_add",
    ),
    path(
        P + "acties/<int:action_pk>/",
        views.ActionEditView.as_view(),
        name="action_edit",
    ),
    path(
        P + "acties/<int:action_pk>/verwijderen/",
        views.ActionDeleteView.as_view(),
        name="action_delete",
    ),
    path(
        P + "acties/<int:action_pk>/voortgang/",
        views.NoteAddView.as_view(),
        name="note_add",
    ),
    path(P + "publiceren/", views.PublishView.as_view(), name="publish"),
    path(P + "versies/", views.VersionListView.as_view(), name="versions"),
    path(P + "versies/verschil/", views.VersionDiffView.as_view(), name="version_diff"),
    path(
        P + "versies/<int:number>/",
        views.VersionDetailView.as_view(),
        name="version_detail",
    ),
    path(
        P + "versies/<int:number>/pdf/status/",
        views.PdfStatusView.as_view(),
        name="pdf_status",
    ),
    path(
        P + "versies/<int:number>/pdf/maken/",
        views.PdfRequestView.as_view(),
        name="pdf_request",
    ),
    path(
        P + "versies/<int:number>/verbeteragenda.pdf",
        views.PdfDownloadView.as_view(),
        name="pdf_download",
    ),
    path(
        "trajecten/<int:pk>/export/",
        TrajectoryExportView.as_view(),
        name="trajectory_export",
    ),
    path(P + "voortgang/", views.ProgressView.as_view(), name="progress"),
    path(P + "eigenaren/", views.OwnerListView.as_view(), name="owners"),
    path(
        P + "eigenaren/<int:link_pk>/intrekken/",
        views.OwnerRevokeView.as_view(),
        name="owner_revoke",
    ),
    # Action owners: no account, a personal link.
    path("actie/<str:token>/", views.owner_home, name="owner_home"),
    path("actie/<str:token>/<int:action_pk>/", views.owner_note, name="owner_note"),
    path("landelijk/", views.NationalOverviewView.as_view(), name="national"),
]
