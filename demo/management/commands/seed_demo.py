"""Create the demo data and print where to start."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from demo.seed import demo_seed
from regions.models import Region
from regions.services import regions_load
from sessions_app.meetings.models import Invitee
from surveys.results import response_count


class Command(BaseCommand):
    help = "Create a demo trajectory in Rijk van Nijmegen and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--force", action="store_true", help="Also run with DJANGO_PRODUCTION set."
        )

    def _render_plan_pdf(self, trajectory):
        """Render the demo plan's PDF here if no worker has done it yet."""
        from actionplans.models import PlanVersion
        from actionplans.pdf.service import plan_version_render_pdf

        version = (
            PlanVersion.objects.filter(plan__trajectory=trajectory)
            .order_by("-number")
            .first()
        )
        if version is not None and version.pdf_status != PlanVersion.PdfStatus.READY:
            plan_version_render_pdf(version_id=version.pk)

    def handle(self, *args, base_url, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to seed demo users with known passwords in production."
            )
        if not Region.objects.exists():
            regions_load()
        result = demo_seed()
        self._render_plan_pdf(result.trajectory)
        base = base_url.rstrip("/")
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Demo ready: het goede gesprek over pleegzorg"))
        out.write(f"  Open:        {base}/")
        out.write(f"  Log in at:   {base}/account/login/")
        out.write(f"  Trajectory:  {base}{result.trajectory.get_absolute_url()}")
        survey_path = reverse(
            "surveys:start", kwargs={"public_token": result.trajectory.public_token}
        )
        links_path = reverse(
            "surveys:survey_links", kwargs={"pk": result.trajectory.pk}
        )
        responses = response_count(trajectory=result.trajectory)
        out.write(f"  Survey link: {base}{survey_path}")
        out.write(f"  QR codes:    {base}{links_path}")
        out.write(
            f"  Responses:   {responses} in the demo survey"
            f" ({result.survey_responses_created} added now)"
        )
        pk = result.trajectory.pk
        for label, name in (
            ("Results:    ", "surveys:results"),
            ("Slides:     ", "surveys:results_presentation"),
            ("Review:     ", "surveys:open_answer_review"),
            ("Topics:     ", "surveys:topic_suggestions"),
            ("Meetings:   ", "meetings:meeting_list"),
            ("Plan:       ", "actionplans:plan"),
            ("Progress:   ", "actionplans:progress"),
        ):
            out.write(f"  {label} {base}{reverse(name, kwargs={'pk': pk})}")
        invitee = (
            Invitee.objects.filter(
                meeting__trajectory=result.trajectory,
                meeting__starts_at__gt=timezone.now(),
            )
            .order_by("meeting__starts_at", "email")
            .first()
        )
        if invitee is not None:
            out.write(
                f"  Invitation:   {base}{invitee.get_rsvp_url()}  ({invitee.name})"
            )
        join_path = reverse("voting:ballot", kwargs={"code": result.open_round_code})
        out.write(f"  Voting code: {result.open_round_code}  ({base}{join_path})")
        out.write(
            f"  Topics:      {base}{reverse('voting:longlist', kwargs={'pk': pk})}"
        )
        out.write("  Demo logins (e-mail / password):")
        for email, password, description in result.logins:
            out.write(f"    {email:40} {password}   {description}")
        out.write("")
