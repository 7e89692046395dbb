from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("uitnodigen/", views.InvitationCreateView.as_view(), name="invitation_create"),
    path(
        "uitnodiging/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
