from django.urls import path

from . import views

app_name = "presentation"

MODE = "trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/presentatie/"

urlpatterns = [
    path(MODE + "<int:step>/", views.PresentationStepView.as_view(), name="step"),
    path(MODE + "volgen/", views.PresentationFollowView.as_view(), name="follow"),
    path(MODE + "regie/", views.PresenterView.as_view(), name="presenter"),
]
