from django.urls import path

from .results.urls import urlpatterns as results_urlpatterns
from .views import coordinator
from .views import editor
from .views import respond
from .views import review

app_name = "surveys"

urlpatterns = [
    # Respondents: public, anonymous.
    path("v/<str:public_token>/", respond.SurveyStartView.as_view(), name="start"),
    path(
        "v/<str:public_token>/bedankt/",
        respond.SurveyThanksView.as_view(),
        name="thanks",
    ),
    path(
        "v/<str:public_token>/<str:role>/",
        respond.SurveyStartView.as_view(),
        name="start_role",
    ),
    path(
        "vragenlijst/<str:token>/",
        respond.SurveyResumeView.as_view(),
        name="resume",
    ),
    path(
        "vragenlijst/<str:token>/stap/<int:step>/",
        respond.SurveyStepView.as_view(),
        name="step",
    ),
    path(
        "vragenlijst/<str:token>/versturen/",
        respond.SurveySubmitView.as_view(),
        name="submit",
    ),
    path(
        "vragenlijst/<str:token>/opnieuw/",
        respond.SurveyRestartView.as_view(),
        name="restart",
    ),
    # Coordinators and facilitators.
    *coordinator.urlpatterns,
    # The questionnaire editor.
    *editor.urlpatterns,
    # Results (issue #4): page, slides, exports, insights.
    *results_urlpatterns,
    *review.urlpatterns,
]
