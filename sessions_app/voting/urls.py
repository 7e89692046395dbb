from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    # Voters: public, no account.
    path("stem/", views.join, name="join"),
    path("stem/<str:code>/", views.ballot, name="ballot"),
    path("stem/<str:code>/meedoen/", views.ballot_join, name="ballot_join"),
    path("stem/<str:code>/stemmen/", views.ballot_vote, name="ballot_vote"),
    path("stem/<str:code>/voorstellen/", views.ballot_suggest, name="ballot_suggest"),
    # The longlist of a trajectory.
    path(
        "trajecten/<int:pk>/onderwerpen/",
        views.LonglistView.as_view(),
        name="longlist",
    ),
    path(
        "trajecten/<int:pk>/onderwerpen/uit-vragenlijst/",
        views.LonglistImportView.as_view(),
        name="longlist_import",
    ),
    path(
        "trajecten/<int:pk>/onderwerpen/samenvoegen/",
        views.TopicMergeView.as_view(),
        name="topic_merge",
    ),
    path(
        "trajecten/<int:pk>/onderwerpen/<int:topic_pk>/naam/",
        views.TopicRenameView.as_view(),
        name="topic_rename",
    ),
    path(
        "trajecten/<int:pk>/onderwerpen/<int:topic_pk>/besluit/",
        views.TopicDecideView.as_view(),
        name="topic_decide",
    ),
    path(
        "trajecten/<int:pk>/stemronden/nieuw/",
        views.RoundOpenView.as_view(),
        name="round_open",
    ),
    # One round, for the facilitator.
    path("stemronden/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path(
        "stemronden/<int:pk>/instellingen/",
        views.RoundSettingsView.as_view(),
        name="round_settings",
    ),
    path(
        "stemronden/<int:pk>/stand/", views.RoundBarsView.as_view(), name="round_bars"
    ),
    path(
        "stemronden/<int:pk>/per-rol/",
        views.RoundPerRoleView.as_view(),
        name="round_per_role",
    ),
    path(
        "stemronden/<int:pk>/sluiten/",
        views.RoundCloseView.as_view(),
        name="round_close",
    ),
    path(
        "stemronden/<int:pk>/papier/",
        views.RoundPaperView.as_view(),
        name="round_paper",
    ),
    path(
        "stemronden/<int:pk>/tweede-ronde/",
        views.RoundSecondView.as_view(),
        name="round_second",
    ),
    path(
        "stemronden/<int:pk>/bevestigen/",
        views.RoundConfirmView.as_view(),
        name="round_confirm",
    ),
    path(
        "stemronden/<int:pk>/scherm/",
        views.RoundProjectorView.as_view(),
        name="round_projector",
    ),
    path(
        "stemronden/<int:pk>/scherm/telling/",
        views.RoundTallyView.as_view(),
        name="round_tally",
    ),
    path("stemronden/<int:pk>/qr.svg", views.RoundQrView.as_view(), name="round_qr"),
]
