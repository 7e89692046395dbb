from django.apps import AppConfig


class GoedgesprekConfig(AppConfig):
    name = "goedgesprek"
    verbose_name = "Het goede gesprek"

    def ready(self):
        from django.contrib import admin

        from core.admin import give_staff_every_admin

        # Every app's admin.py is imported by now (admin autodiscovery runs
        # in the admin app's ready(), which comes first in INSTALLED_APPS).
        give_staff_every_admin(admin.site)
