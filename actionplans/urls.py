from django.urls import path

from .transfer.views import TrajectoryExportView
from .views import followup
from .views import national
from .views import plan
from .views import publication
from .views import versions

app_name = "actionplans"

P = "trajecten/<int:pk>/actieplan/"

urlpatterns = [
    path(P, plan.PlanView.as_view(), name="plan"),
    path(P + "beginnen/", plan.PlanStartView.as_view(), name="plan_start"),
    path(
        P + "onderwerpen/<int:entry_pk>/doel/",
        plan.GoalEditView.as_view(),
        name="goal_edit",
    ),
    path(
        P + "onderwerpen/<int:entry_pk>/acties/nieuw/",
        plan.ActionCreateView.as_view(),
        name="action_add",
    ),
    path(
        P + "acties/<int:action_pk>/",
        plan.ActionEditView.as_view(),
        name="action_edit",
    ),
    path(
        P + "acties/<int:action_pk>/verwijderen/",
        plan.ActionDeleteView.as_view(),
        name="action_delete",
    ),
    path(
        P + "acties/<int:action_pk>/voortgang/",
        plan.NoteAddView.as_view(),
        name="note_add",
    ),
    path(P + "publiceren/", publication.PublishView.as_view(), name="publish"),
    path(P + "versies/", versions.VersionListView.as_view(), name="versions"),
    path(
        P + "versies/verschil/", versions.VersionDiffView.as_view(), name="version_diff"
    ),
    path(
        P + "versies/<int:number>/",
        versions.VersionDetailView.as_view(),
        name="version_detail",
    ),
    path(
        P + "versies/<int:number>/pdf/status/",
        publication.PdfStatusView.as_view(),
        name="pdf_status",
    ),
    path(
        P + "versies/<int:number>/pdf/maken/",
        publication.PdfRequestView.as_view(),
        name="pdf_request",
    ),
    path(
        P + "versies/<int:number>/verbeteragenda.pdf",
        publication.PdfDownloadView.as_view(),
        name="pdf_download",
    ),
    path(
        "trajecten/<int:pk>/export/",
        TrajectoryExportView.as_view(),
        name="trajectory_export",
    ),
    path(P + "voortgang/", followup.ProgressView.as_view(), name="progress"),
    path(P + "eigenaren/", followup.OwnerListView.as_view(), name="owners"),
    path(
        P + "eigenaren/<int:link_pk>/intrekken/",
        followup.OwnerRevokeView.as_view(),
        name="owner_revoke",
    ),
    # Action owners: no account, a personal link.
    path("actie/<str:token>/", followup.owner_home, name="owner_home"),
    path("actie/<str:token>/<int:action_pk>/", followup.owner_note, name="owner_note"),
    path("landelijk/", national.NationalOverviewView.as_view(), name="national"),
]
