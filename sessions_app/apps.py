from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        from core.retention import register_purger

        from .meetings.retention import meetings_personal_data_purge
        from .meetings.retention import register_audited_models as audit_meetings
        from .voting.retention import register_audited_models as audit_voting
        from .voting.retention import voting_personal_data_purge

        register_purger("meetings", meetings_personal_data_purge)
        register_purger("voting", voting_personal_data_purge)
        audit_meetings()
        audit_voting()
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

        from .voting.views import voting_section_context

        # The longlist, the voting rounds and the chosen topics.
        register_section(
            TrajectorySection(
                order=55,
                template_name="sessions_app/voting/section.html",
                get_context=voting_section_context,
            )
        )
