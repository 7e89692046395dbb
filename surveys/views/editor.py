"""The questionnaire editor (for coordinators)."""

urlpatterns: list = []
