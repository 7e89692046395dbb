"""Survey exports pages (issue #4)."""

urlpatterns: list = []
