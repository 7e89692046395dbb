from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regio's en trajecten")

    def ready(self):
        from .audit import register_audited_models

        register_audited_models()
