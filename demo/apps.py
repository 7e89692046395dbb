from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: the roof, which may import every app."""

    name = "demo"
    verbose_name = "Demo"
