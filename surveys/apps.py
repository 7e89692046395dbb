from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Vragenlijsten")

    def ready(self):
        from core.retention import register_purger

        from .audit import register_audited_models
        from .retention import survey_personal_data_purge

        register_audited_models()
        register_purger("surveys", survey_personal_data_purge)

        from regions.sections import TrajectorySection
        from regions.sections import register_section

        from .editor.views import editor_section_context
        from .results.views import results_section_context
        from .review.views import review_section_context
        from .views.coordinator import survey_section_context

        # Links, QR codes and the response count on the trajectory page.
        register_section(
            TrajectorySection(
                order=10,
                template_name="surveys/coordinator/section.html",
                get_context=survey_section_context,
            )
        )
        # The questionnaire editor: what is on, whether it is frozen.
        register_section(
            TrajectorySection(
                order=20,
                template_name="surveys/editor/section.html",
                get_context=editor_section_context,
            )
        )
        # Open-answer review, approved quotes and the downloads.
        register_section(
            TrajectorySection(
                order=40,
                template_name="surveys/review/section.html",
                get_context=review_section_context,
            )
        )
        # Links to the results and the presentation for the meeting.
        register_section(
            TrajectorySection(
                order=30,
                template_name="surveys/results/section.html",
                get_context=results_section_context,
            )
        )
