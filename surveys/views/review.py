"""Survey review pages (issue #4)."""

urlpatterns: list = []
