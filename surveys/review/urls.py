"""The review of open answers and the quotes page, under a trajectory."""

from django.urls import path

from .views import OpenAnswerReviewView
from .views import QuoteListView

urlpatterns = [
    path(
        "trajecten/<int:pk>/resultaten/open-antwoorden/",
        OpenAnswerReviewView.as_view(),
        name="open_answer_review",
    ),
    path(
        "trajecten/<int:pk>/resultaten/citaten/",
        QuoteListView.as_view(),
        name="quotes",
    ),
]
