"""The longlist: topics from the survey, facilitators and participants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from regions.mixins import TrajectoryPermissionMixin

from .. import services
from ..forms import RoundOpenForm
from ..forms import TopicForm
from ..forms import TopicMergeForm
from ..forms import TopicRenameForm
from ..models import Topic
from ..selectors import chosen_topics
from ..selectors import longlist
from ..selectors import rounds_of


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# Longlist ----------------------------------------------------------------------


class LonglistView(TrajectoryPermissionMixin, TemplateView):
    permission_required = "sessions_app.manage_topics"
    template_name = "sessions_app/voting/longlist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
        context.update(
            trajectory=trajectory,
            topics=longlist(trajectory=trajectory),
            rounds=list(rounds_of(trajectory=trajectory)),
            form=kwargs.get("form") or TopicForm(),
            merge_form=TopicMergeForm(trajectory=trajectory),
            round_form=RoundOpenForm(trajectory=trajectory),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = TopicForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.topic_create(
            trajectory=self.trajectory,
            title=form.cleaned_data["title"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Het onderwerp staat op de lijst."))
        return redirect("voting:longlist", pk=self.trajectory.pk)


class LonglistImportView(TrajectoryPermissionMixin, View):
    permission_required = "sessions_app.manage_topics"

    def post(self, request, *args, **kwargs):
        created = services.topics_import_from_survey(trajectory=self.trajectory)
        if created:
            messages.success(
                request,
                _("%(count)d onderwerpen uit de vragenlijst toegevoegd.")
                % {"count": created},
            )
        else:
            messages.info(
                request, _("Er waren geen nieuwe onderwerpen uit de vragenlijst.")
            )
        return redirect("voting:longlist", pk=self.trajectory.pk)


class _TopicMixin(TrajectoryPermissionMixin):
    permission_required = "sessions_app.manage_topics"

    @property
    def topic(self) -> Topic:
        if not hasattr(self, "_topic"):
            self._topic = get_object_or_404(
                Topic, pk=self.kwargs["topic_pk"], trajectory=self.trajectory
            )
        return self._topic


class TopicRenameView(_TopicMixin, TemplateView):
    template_name = "sessions_app/voting/topic_rename.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            trajectory=self.trajectory,
            topic=self.topic,
            form=kwargs.get("form") or TopicRenameForm(instance=self.topic),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = TopicRenameForm(
            request.POST, instance=Topic.objects.get(pk=self.topic.pk)
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.topic_rename(topic=self.topic, title=form.cleaned_data["title"])
        messages.success(request, _("De naam van het onderwerp is veranderd."))
        return redirect("voting:longlist", pk=self.trajectory.pk)


class TopicDecideView(_TopicMixin, View):
    def post(self, request, *args, **kwargs):
        accept = request.POST.get("decision") == "accept"
        services.topic_decide(topic=self.topic, accept=accept)
        if accept:
            messages.success(request, _("Het voorstel staat op de lijst."))
        else:
            messages.info(request, _("Het voorstel is niet overgenomen."))
        return redirect("voting:longlist", pk=self.trajectory.pk)


class TopicMergeView(TrajectoryPermissionMixin, View):
    permission_required = "sessions_app.manage_topics"

    def post(self, request, *args, **kwargs):
        form = TopicMergeForm(request.POST, trajectory=self.trajectory)
        if form.is_valid():
            try:
                services.topic_merge(
                    source=form.cleaned_data["source"],
                    target=form.cleaned_data["target"],
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("De onderwerpen zijn samengevoegd."))
        else:
            messages.error(
                request, _("Kies twee verschillende onderwerpen om samen te voegen.")
            )
        return redirect("voting:longlist", pk=self.trajectory.pk)


class RoundOpenView(TrajectoryPermissionMixin, View):
    permission_required = "sessions_app.run_votinground"

    def post(self, request, *args, **kwargs):
        form = RoundOpenForm(request.POST, trajectory=self.trajectory)
        if not form.is_valid():
            messages.error(
                request, _("Controleer het aantal stemmen en de bijeenkomst.")
            )
            return redirect("voting:longlist", pk=self.trajectory.pk)
        try:
            voting_round = services.round_open(
                trajectory=self.trajectory,
                votes_per_voter=form.cleaned_data["votes_per_voter"],
                max_per_topic=form.cleaned_data["max_per_topic"],
                show_bars=form.cleaned_data["show_bars"],
                meeting=form.cleaned_data["meeting"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("voting:longlist", pk=self.trajectory.pk)
        return redirect(voting_round)


def voting_section_context(request, trajectory) -> dict | None:
    """The trajectory page's panel: topics, rounds and the chosen topics."""
    if not request.user.has_perm("sessions_app.manage_topics", trajectory):
        return None
    rounds = list(rounds_of(trajectory=trajectory)[:5])
    return {
        "trajectory": trajectory,
        "rounds": rounds,
        "chosen": chosen_topics(trajectory=trajectory),
    }
