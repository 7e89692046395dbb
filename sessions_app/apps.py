from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        from regions.sections import TrajectorySection
        from regions.sections import register_section

        from .voting.views import voting_section_context

        # The longlist, the voting rounds and the chosen topics.
        register_section(
            TrajectorySection(
                order=50,
                template_name="sessions_app/voting/section.html",
                get_context=voting_section_context,
            )
        )
