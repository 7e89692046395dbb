"""Views of the action plan: editing, publishing, versions, PDF, follow-up."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.mixins import PermissionRequiredMixin
from regions.mixins import TrajectoryPermissionMixin

from . import services
from .forms import ActionForm
from .forms import GoalForm
from .forms import OwnerInviteForm
from .forms import ProgressNoteForm
from .forms import VersionCompareForm
from .models import Action
from .models import ActionPlan
from .models import OwnerLink
from .models import PdfDownload
from .models import PlanTopic
from .models import PlanVersion
from .selectors import MIN_OTHER_PLANS
from .selectors import latest_version
from .selectors import national_comparison
from .selectors import national_overview
from .selectors import owner_actions
from .selectors import plan_chosen_topics
from .selectors import plan_of
from .selectors import plan_topics
from .selectors import plan_versions
from .selectors import progress_overview
from .selectors import snapshot_diff
from .selectors import theme_results_url
from .vote_results import plan_vote_results

logger = logging.getLogger(__name__)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class _PlanMixin(TrajectoryPermissionMixin):
    """A page of the trajectory's plan; 404 while there is no plan."""

    @property
    def plan(self) -> ActionPlan:
        if not hasattr(self, "_plan"):
            plan = plan_of(trajectory=self.trajectory)
            if plan is None:
                raise Http404
            self._plan = plan
        return self._plan

    def plan_url(self) -> str:
        return reverse("actionplans:plan", kwargs={"pk": self.trajectory.pk})


# The plan -----------------------------------------------------------------------


class PlanView(TrajectoryPermissionMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        plan = plan_of(trajectory=trajectory)
        context.update(trajectory=trajectory, plan=plan)
        if plan is None:
            context["chosen"] = plan_chosen_topics(trajectory=trajectory)
            return context
        entries = plan_topics(plan=plan)
        for entry in entries:
            # The topic keeps its link to the survey theme it came from.
            entry.results_url = theme_results_url(entry.topic)
        chosen_ids = {t.pk for t in plan_chosen_topics(trajectory=trajectory)}
        context.update(
            vote=plan_vote_results(
                trajectory=trajectory, topic_ids={e.topic_id for e in entries}
            ),
            entries=entries,
            missing_topics=len(chosen_ids - {e.topic_id for e in entries}),
            latest=latest_version(plan=plan),
            can_edit=self.request.user.has_perm(
                "actionplans.change_actionplan", trajectory
            ),
            can_publish=self.request.user.has_perm(
                "actionplans.publish_actionplan", trajectory
            ),
            status_choices=Action.Status.choices,
        )
        return context


class PlanStartView(TrajectoryPermissionMixin, View):
    """Start the plan, or add topics chosen since, from the confirmed vote."""

    permission_required = "actionplans.change_actionplan"

    def post(self, request, *args, **kwargs):
        topics = plan_chosen_topics(trajectory=self.trajectory)
        if not topics:
            messages.error(
                request,
                _(
                    "Er zijn nog geen gekozen onderwerpen. Bevestig eerst een stemronde."
                ),
            )
        else:
            services.action_plan_get_or_create(
                trajectory=self.trajectory, topics=topics
            )
        return redirect("actionplans:plan", pk=self.trajectory.pk)


class GoalEditView(_PlanMixin, View):
    permission_required = "actionplans.change_actionplan"
    template_name = "actionplans/goal_form.html"

    def entry(self) -> PlanTopic:
        return get_object_or_404(
            PlanTopic.objects.select_related("topic"),
            pk=self.kwargs["entry_pk"],
            plan=self.plan,
        )

    def render_form(self, form, entry, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "trajectory": self.trajectory,
                "entry": entry,
                "form": form,
                "conflict": conflict,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        entry = self.entry()
        form = GoalForm(instance=entry, initial={"version": entry.version})
        return self.render_form(form, entry)

    def post(self, request, *args, **kwargs):
        entry = self.entry()
        form = GoalForm(request.POST, instance=entry)
        if not form.is_valid():
            return self.render_form(form, entry, status=400)
        try:
            services.plan_topic_update_goal(
                plan_topic=entry,
                goal=form.cleaned_data["goal"],
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            # Keep the editor's own text; the next save is against the version
            # they have now seen.
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            return self.render_form(
                GoalForm(data, instance=conflict.current),
                conflict.current,
                conflict=conflict.current,
                status=409,
            )
        messages.success(request, _("Het doel is opgeslagen."))
        return redirect(self.plan_url() + f"#onderwerp-{entry.pk}")


class _ActionFormMixin(_PlanMixin):
    permission_required = "actionplans.change_actionplan"
    template_name = "actionplans/action_form.html"

    def render_form(self, form, entry, action=None, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "trajectory": self.trajectory,
                "entry": entry,
                "action": action,
                "form": form,
                "conflict": conflict,
                "conflict_fields": _conflict_fields(form, conflict),
            },
            status=status,
        )


def _conflict_fields(form, current) -> list[tuple[str, str, str]]:
    """(label, their value, your value) for each field the two differ in."""
    if current is None:
        return []
    rows = []
    for name in ActionForm.Meta.fields:
        theirs = getattr(current, name)
        mine = form.data.get(name, "")
        shown = (
            current.get_status_display()
            if name == "status"
            else (theirs.isoformat() if hasattr(theirs, "isoformat") else theirs)
        )
        if str(shown or "") != str(mine or "") and str(theirs or "") != str(mine or ""):
            rows.append((str(form.fields[name].label), str(shown or "—"), str(mine)))
    return rows


class ActionCreateView(_ActionFormMixin, View):
    def entry(self) -> PlanTopic:
        return get_object_or_404(
            PlanTopic.objects.select_related("topic"),
            pk=self.kwargs["entry_pk"],
            plan=self.plan,
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(ActionForm(), self.entry())

    def post(self, request, *args, **kwargs):
        entry = self.entry()
        form = ActionForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, entry, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        action = services.action_create(plan_topic=entry, **data)
        messages.success(request, _("De actie is toegevoegd."))
        return redirect(self.plan_url() + f"#actie-{action.pk}")


class ActionEditView(_ActionFormMixin, View):
    def action(self) -> Action:
        return get_object_or_404(
            Action.objects.select_related("plan_topic__topic"),
            pk=self.kwargs["action_pk"],
            plan_topic__plan=self.plan,
        )

    def get(self, request, *args, **kwargs):
        action = self.action()
        form = ActionForm(instance=action, initial={"version": action.version})
        return self.render_form(form, action.plan_topic, action)

    def post(self, request, *args, **kwargs):
        action = self.action()
        form = ActionForm(request.POST, instance=action)
        if not form.is_valid() or form.cleaned_data.get("version") is None:
            if form.is_bound and not form.errors:
                form.add_error(
                    None, _("Het formulier is onvolledig. Laad de pagina opnieuw.")
                )
            return self.render_form(form, action.plan_topic, action, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.action_update(
                action=action, expected_version=form.cleaned_data["version"], **data
            )
        except services.EditConflict as conflict:
            post = request.POST.copy()
            post["version"] = str(conflict.current.version)
            return self.render_form(
                ActionForm(post, instance=conflict.current),
                action.plan_topic,
                conflict.current,
                conflict=conflict.current,
                status=409,
            )
        messages.success(request, _("De actie is opgeslagen."))
        return redirect(self.plan_url() + f"#actie-{action.pk}")


class ActionDeleteView(_PlanMixin, View):
    permission_required = "actionplans.change_actionplan"

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            Action.objects.select_related("plan_topic"),
            pk=self.kwargs["action_pk"],
            plan_topic__plan=self.plan,
        )
        services.action_delete(action=action)
        messages.success(request, _("De actie is verwijderd."))
        return redirect(self.plan_url())


class NoteAddView(_PlanMixin, View):
    permission_required = "actionplans.change_actionplan"

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            Action.objects.select_related("plan_topic"),
            pk=self.kwargs["action_pk"],
            plan_topic__plan=self.plan,
        )
        form = ProgressNoteForm(request.POST)
        if form.is_valid():
            services.progress_note_add(
                action=action,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                author_name=request.user.name or request.user.email,
            )
            messages.success(request, _("De voortgang is opgeslagen."))
        else:
            messages.error(
                request, _("Schrijf kort op wat er gedaan is (hoogstens 2000 tekens).")
            )
        return redirect(self.plan_url() + f"#actie-{action.pk}")


# Publishing and versions -----------------------------------------------------------


class PublishView(_PlanMixin, View):
    permission_required = "actionplans.publish_actionplan"

    def post(self, request, *args, **kwargs):
        if not self.plan.plan_topics.exists():
            messages.error(request, _("Een leeg plan kan niet worden gepubliceerd."))
            return redirect(self.plan_url())
        result = services.action_plan_publish(
            plan=self.plan, published_by=request.user, language=get_language() or "nl"
        )
        if result.created:
            messages.success(
                request,
                _("Versie %(n)s is gepubliceerd. De PDF staat in de wachtrij.")
                % {"n": result.version.number},
            )
        else:
            messages.info(request, _("Er is niets veranderd sinds de laatste versie."))
        return redirect(
            "actionplans:version_detail",
            pk=self.trajectory.pk,
            number=result.version.number,
        )


class VersionListView(_PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            versions=list(plan_versions(plan=self.plan)),
            compare_form=VersionCompareForm(),
        )
        return context


class _VersionMixin(_PlanMixin):
    def version(self) -> PlanVersion:
        return get_object_or_404(
            PlanVersion, plan=self.plan, number=self.kwargs["number"]
        )


class VersionDetailView(_VersionMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.version()
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            version=version,
            snapshot=version.snapshot,
            status_labels=dict(Action.Status.choices),
        )
        return context


class VersionDiffView(_PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/version_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(trajectory=self.trajectory, plan=self.plan)
        form = VersionCompareForm(self.request.GET or None)
        context["form"] = form
        if not form.is_valid():
            return context
        numbers = {form.cleaned_data["van"], form.cleaned_data["naar"]}
        found = {
            v.number: v
            for v in PlanVersion.objects.filter(plan=self.plan, number__in=numbers)
        }
        if len(found) != len(numbers):
            context["not_found"] = True
            return context
        old = found[form.cleaned_data["van"]]
        new = found[form.cleaned_data["naar"]]
        context.update(
            old=old, new=new, changes=snapshot_diff(old.snapshot, new.snapshot)
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context.get("not_found") or (
            context["form"].is_bound and not context["form"].is_valid()
        ):
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


# The PDF ------------------------------------------------------------------------------


class PdfStatusView(_VersionMixin, TemplateView):
    """The status fragment; htmx polls it while the PDF is not ready."""

    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/includes/pdf_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(trajectory=self.trajectory, version=self.version())
        return context


class PdfRequestView(_VersionMixin, View):
    permission_required = "actionplans.publish_actionplan"

    def post(self, request, *args, **kwargs):
        version = services.pdf_request(version=self.version())
        if request.htmx:
            return render(
                request,
                "actionplans/includes/pdf_status.html",
                {"trajectory": self.trajectory, "version": version},
            )
        return redirect(
            "actionplans:version_detail", pk=self.trajectory.pk, number=version.number
        )


class PdfDownloadView(_VersionMixin, View):
    permission_required = "actionplans.download_pdf"

    def get(self, request, *args, **kwargs):
        version = self.version()
        if version.pdf_status != PlanVersion.PdfStatus.READY or not version.pdf:
            raise Http404
        try:
            handle = version.pdf.open("rb")
        except OSError:
            logger.exception("PDF of plan version %s is missing", version.pk)
            raise Http404 from None
        PdfDownload.objects.create(version=version, user=request.user)
        filename = f"verbeteragenda-{self.trajectory.region.code}-v{version.number}.pdf"
        response = FileResponse(
            handle,
            content_type="application/pdf",
            as_attachment=True,
            filename=filename,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# Follow-up -------------------------------------------------------------------------------


class ProgressView(_PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = progress_overview(plan=self.plan)
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            overview=overview,
            comparison=national_comparison(plan=self.plan, overview=overview),
            min_other_plans=MIN_OTHER_PLANS,
        )
        return context


class OwnerListView(_PlanMixin, TemplateView):
    permission_required = "actionplans.manage_owners"
    template_name = "actionplans/owner_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        emails = sorted(
            set(
                Action.objects.filter(plan_topic__plan=self.plan)
                .exclude(owner_email="")
                .values_list("owner_email", flat=True)
            )
        )
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            links=list(self.plan.owner_links.all()),
            owner_emails=emails,
            form=kwargs.get("form") or OwnerInviteForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OwnerInviteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.owner_link_create(
            plan=self.plan,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
        )
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("actionplans:owners", pk=self.trajectory.pk)


class OwnerRevokeView(_PlanMixin, View):
    permission_required = "actionplans.manage_owners"

    def post(self, request, *args, **kwargs):
        link = get_object_or_404(OwnerLink, pk=self.kwargs["link_pk"], plan=self.plan)
        services.owner_link_revoke(link=link)
        messages.success(request, _("De link werkt niet meer."))
        return redirect("actionplans:owners", pk=self.trajectory.pk)


class OwnerLinkRevoked(Exception):
    def __init__(self, link: OwnerLink):
        super().__init__("owner link revoked")
        self.link = link


def _owner_link_or_404(token: str) -> OwnerLink:
    """The active link of ``token``; a revoked one raises ``OwnerLinkRevoked``."""
    lookup = services.owner_link_lookup(token=token)
    if lookup.state == services.OwnerLinkState.REVOKED and lookup.link is not None:
        raise OwnerLinkRevoked(lookup.link)
    if lookup.link is None or lookup.state != services.OwnerLinkState.ACTIVE:
        raise Http404
    return lookup.link


def _owner_link_revoked_page(request, link: OwnerLink):
    """A clear page for a link that was stopped: 410, with who to ask."""
    response = render(
        request,
        "actionplans/owner_link_revoked.html",
        {"trajectory": link.plan.trajectory},
        status=410,
    )
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def owner_home(request, token: str):
    """The action owner's page: their actions, with a form per action."""
    try:
        link = _owner_link_or_404(token)
    except OwnerLinkRevoked as revoked:
        return _owner_link_revoked_page(request, revoked.link)
    actions = owner_actions(plan=link.plan, email=link.email)
    response = render(
        request,
        "actionplans/owner_home.html",
        {
            "link": link,
            "token": token,
            "trajectory": link.plan.trajectory,
            "actions": actions,
            "form": ProgressNoteForm(),
        },
    )
    # Not "no-referrer": under it Chromium sends "Origin: null" with the form's
    # POST and the CSRF check refuses every note. "same-origin" still keeps the
    # token in this URL from other sites.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def owner_note(request, token: str, action_pk: int):
    if request.method != "POST":
        return redirect("actionplans:owner_home", token=token)
    try:
        link = _owner_link_or_404(token)
    except OwnerLinkRevoked as revoked:
        return _owner_link_revoked_page(request, revoked.link)
    action = get_object_or_404(
        Action.objects.select_related("plan_topic"),
        pk=action_pk,
        plan_topic__plan=link.plan,
        owner_email__iexact=link.email,
    )
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        services.progress_note_add(
            action=action,
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            author_name=link.name or link.email,
        )
        messages.success(request, _("Dank u. De voortgang is opgeslagen."))
    else:
        messages.error(
            request, _("Schrijf kort op wat er gedaan is (hoogstens 2000 tekens).")
        )
    response = redirect("actionplans:owner_home", token=token)
    response.status_code = 303
    return response


# National overview ------------------------------------------------------------------------


class NationalOverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = "actionplans.view_national_overview"
    template_name = "actionplans/national.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = national_overview()
        return context


# The trajectory page's panel ------------------------------------------------------------------


def plan_section_context(request, trajectory) -> dict | None:
    if not request.user.has_perm("actionplans.view_actionplan", trajectory):
        return None
    plan = plan_of(trajectory=trajectory)
    version = latest_version(plan=plan) if plan else None
    return {
        "trajectory": trajectory,
        "plan": plan,
        "version": version,
        "can_download": request.user.has_perm("actionplans.download_pdf", trajectory),
    }
