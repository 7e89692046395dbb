"""URLs of sessions_app, one include per room."""

from django.urls import include
from django.urls import path

urlpatterns = [
    path("", include("sessions_app.meetings.urls")),
    path("", include("sessions_app.voting.urls")),
    path("", include("sessions_app.presentation.urls")),
]
