from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        from regions.phases import register_phase_check
        from regions.sections import TrajectorySection
        from regions.sections import register_section

        from .meetings.services import trajectory_phase_errors
        from .meetings.views import meetings_section_context

        # The next meeting on the trajectory page.
        register_section(
            TrajectorySection(
                order=50,
                template_name="sessions_app/meetings/section.html",
                get_context=meetings_section_context,
            )
        )
        # "Bijeenkomsten" needs a planned meeting.
        register_phase_check(trajectory_phase_errors)
