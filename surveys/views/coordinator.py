"""Survey links, QR codes and the response dashboard (for staff)."""

urlpatterns: list = []
