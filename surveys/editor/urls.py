"""The questionnaire editor's pages, under a trajectory."""

from django.urls import path

from .views import QuestionCreateView
from .views import QuestionDeleteView
from .views import QuestionMoveView
from .views import QuestionnaireEditorView
from .views import QuestionUpdateView
from .views import ThemeMoveView
from .views import ThemeToggleView
from .views import ThemeUpdateView

PREFIX = "trajecten/<int:pk>/vragenlijst/"

urlpatterns = [
    path(PREFIX, QuestionnaireEditorView.as_view(), name="editor"),
    path(
        PREFIX + "themas/<int:theme_pk>/",
        ThemeUpdateView.as_view(),
        name="editor_theme_edit",
    ),
    path(
        PREFIX + "themas/<int:theme_pk>/aan-uit/",
        ThemeToggleView.as_view(),
        name="editor_theme_toggle",
    ),
    path(
        PREFIX + "themas/<int:theme_pk>/verplaatsen/",
        ThemeMoveView.as_view(),
        name="editor_theme_move",
    ),
    path(
        PREFIX + "themas/<int:theme_pk>/vraag-toevoegen/",
        QuestionCreateView.as_view(),
        name="editor_question_add",
    ),
    path(
        PREFIX + "vragen/<int:question_pk>/",
        QuestionUpdateView.as_view(),
        name="editor_question_edit",
    ),
    path(
        PREFIX + "vragen/<int:question_pk>/verplaatsen/",
        QuestionMoveView.as_view(),
        name="editor_question_move",
    ),
    path(
        PREFIX + "vragen/<int:question_pk>/verwijderen/",
        QuestionDeleteView.as_view(),
        name="editor_question_delete",
    ),
]
