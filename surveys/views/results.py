"""Survey results pages (issue #4)."""

urlpatterns: list = []
