"""The plan and its editor: goals, actions, notes; the trajectory page's panel."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from regions.mixins import TrajectoryPermissionMixin
from sessions_app.voting.selectors import theme_results_url

from .. import services
from ..forms import ActionForm
from ..forms import GoalForm
from ..forms import ProgressNoteForm
from ..models import Action
from ..models import PlanTopic
from ..selectors.plan import latest_version
from ..selectors.plan import plan_chosen_topics
from ..selectors.plan import plan_of
from ..selectors.plan import plan_topics
from ..vote_results import plan_vote_results
from .mixins import PlanMixin


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


class GoalEditView(PlanMixin, View):
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


class _ActionFormMixin(PlanMixin):
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


class ActionDeleteView(PlanMixin, View):
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


class NoteAddView(PlanMixin, View):
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
