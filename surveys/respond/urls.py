"""The respondents' pages: public and anonymous."""

from django.urls import path

from . import finish_views
from . import views

urlpatterns = [
    path("v/<str:public_token>/", views.SurveyStartView.as_view(), name="start"),
    path(
        "v/<str:public_token>/bedankt/",
        finish_views.SurveyThanksView.as_view(),
        name="thanks",
    ),
    path(
        "v/<str:public_token>/<str:role>/",
        views.SurveyStartView.as_view(),
        name="start_role",
    ),
    path(
        "vragenlijst/<str:token>/",
        views.SurveyResumeView.as_view(),
        name="resume",
    ),
    path(
        "vragenlijst/<str:token>/stap/<int:step>/",
        views.SurveyStepView.as_view(),
        name="step",
    ),
    path(
        "vragenlijst/<str:token>/versturen/",
        finish_views.SurveySubmitView.as_view(),
        name="submit",
    ),
    path(
        "vragenlijst/<str:token>/opnieuw/",
        finish_views.SurveyRestartView.as_view(),
        name="restart",
    ),
]
