from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Actieplannen")

    def ready(self):
        from core.retention import register_purger

        from .retention import plan_personal_data_purge
        from .retention import register_audited_models

        register_purger("actionplans", plan_personal_data_purge)
        register_audited_models()
        from regions.sections import TrajectorySection
        from regions.sections import register_section

        from .views.plan import plan_section_context

        # The plan, its versions and the PDF download for beleidsmakers.
        register_section(
            TrajectorySection(
                order=60,
                template_name="actionplans/section.html",
                get_context=plan_section_context,
            )
        )
        from .transfer.views import export_section_context

        # The whole trajectory as one file, for NVP staff.
        register_section(
            TrajectorySection(
                order=90,
                template_name="actionplans/export_section.html",
                get_context=export_section_context,
            )
        )
