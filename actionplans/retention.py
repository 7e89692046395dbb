"""What of a plan is personal data that goes, and what the audit log follows.

Download logs (who downloaded which PDF) and owner links (an owner's e-mail)
are deleted after the retention period; the plan, its versions and PDFs stay.
"""

from core.audit import audit_register

from .models import Action
from .models import ActionPlan
from .models import OwnerLink
from .models import PdfDownload
from .models import PlanTopic


def plan_personal_data_purge(trajectory_id: int) -> dict[str, int]:
    downloads, _per_model = PdfDownload.objects.filter(
        version__plan__trajectory_id=trajectory_id
    ).delete()
    owners, _per_model = OwnerLink.objects.filter(
        plan__trajectory_id=trajectory_id
    ).delete()
    return {"downloads": downloads, "owner_links": owners}


def register_audited_models() -> None:
    audit_register(ActionPlan, scope=lambda plan: {"trajectory_id": plan.trajectory_id})
    audit_register(
        PlanTopic,
        scope=lambda plan_topic: {"trajectory_id": plan_topic.plan.trajectory_id},
    )
    audit_register(
        Action,
        scope=lambda action: {"trajectory_id": action.plan_topic.plan.trajectory_id},
    )
