from django.urls import path

from . import views

app_name = "meetings"

MEETING = "trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/"

urlpatterns = [
    path(
        "trajecten/<int:pk>/bijeenkomsten/",
        views.MeetingListView.as_view(),
        name="meeting_list",
    ),
    path(
        "trajecten/<int:pk>/bijeenkomsten/standaard/",
        views.MeetingDefaultsView.as_view(),
        name="meeting_defaults",
    ),
    path(
        "trajecten/<int:pk>/bijeenkomsten/nieuw/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(MEETING, views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        MEETING + "bewerken/", views.MeetingUpdateView.as_view(), name="meeting_update"
    ),
    path(
        MEETING + "verplaatsen/", views.MeetingMoveView.as_view(), name="meeting_move"
    ),
    path(
        MEETING + "verwijderen/",
        views.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
    path(
        MEETING + "aantekeningen/",
        views.MeetingNotesView.as_view(),
        name="meeting_notes",
    ),
    path(MEETING + "genodigden/", views.InviteeListView.as_view(), name="invitee_list"),
    path(
        MEETING + "genodigden/<int:invitee_pk>/bewerken/",
        views.InviteeUpdateView.as_view(),
        name="invitee_update",
    ),
    path(
        MEETING + "genodigden/<int:invitee_pk>/verwijderen/",
        views.InviteeDeleteView.as_view(),
        name="invitee_delete",
    ),
    path(
        MEETING + "uitnodigingen-versturen/",
        views.InvitationsSendView.as_view(),
        name="invitations_send",
    ),
    path(MEETING + "aanwezigheid/", views.AttendanceView.as_view(), name="attendance"),
    path("uitnodiging/<str:token>/", views.RsvpView.as_view(), name="rsvp"),
    path(
        "uitnodiging/<str:token>/agenda.ics",
        views.RsvpIcsView.as_view(),
        name="rsvp_ics",
    ),
]
