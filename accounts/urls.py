from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "uitnodiging/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
