"""Survey insights pages (issue #4)."""

urlpatterns: list = []
