"""The meeting mode: the projector's steps and the presenter's view.

The projector window shows ``presentatie/<step>/``; its Vorige/Volgende links
work without JavaScript and ``meeting_mode.js`` adds the keys. The presenter
view on the laptop sets the meeting's ``presentation_step``; the projector
polls ``volgen/`` (htmx) and goes to the presenter's step when it changes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from surveys.results.views import draw_charts

from ..meetings.views.base import MeetingMixin
from ..voting.selectors import per_role_rankings
from ..voting.selectors import ranking
from ..voting.selectors import round_tally
from ..voting.selectors import round_topics
from . import services
from .selectors import Kind
from .selectors import Presentation
from .selectors import Step
from .selectors import meeting_attendance
from .selectors import presentation_for
from .selectors import theme_quotes

SEEN_PARAM = "gezien"
# The top of the ranking that fits on one screen beside the roles; the round
# page has the whole list.
RANKING_ROWS = 8


class _PresentationMixin(MeetingMixin):
    permission_required = "sessions_app.present_meeting"

    def step_url(self, number: int) -> str:
        return reverse(
            "presentation:step",
            kwargs={
                "pk": self.trajectory.pk,
                "meeting_pk": self.meeting.pk,
                "step": number,
            },
        )

    def presenter_url(self) -> str:
        return reverse(
            "presentation:presenter",
            kwargs={"pk": self.trajectory.pk, "meeting_pk": self.meeting.pk},
        )


def _round_context(presentation: Presentation, step: Step) -> dict[str, Any]:
    """What the round's steps show: the join screen, the bars, the ranking."""
    voting_round = presentation.voting_round
    if voting_round is None:
        return {}
    context: dict[str, Any] = {"voting_round": voting_round}
    if step.kind == Kind.LIVE:
        tally = round_tally(voting_round)
        reveal = voting_round.show_bars
        topics = round_topics(voting_round) if reveal else []
        context.update(
            tally=tally,
            rows=ranking(voting_round, tally, topics) if reveal else [],
            roles=[],
        )
    elif step.kind == Kind.RANKING:
        closed = presentation.closed_round
        context["closed_round"] = closed
        if closed is not None:
            tally = round_tally(closed)
            topics = round_topics(closed)
            rows = ranking(closed, tally, topics)
            context.update(
                tally=tally,
                rows=rows[:RANKING_ROWS],
                more=len(rows[RANKING_ROWS:]),
                # Per role only where the facilitator switched it on.
                roles=per_role_rankings(closed, tally, topics)
                if closed.show_per_role
                else [],
            )
    elif step.kind == Kind.CHOSEN:
        confirmed = presentation.confirmed_round
        context["chosen"] = list(confirmed.chosen_topics.all()) if confirmed else []
    return context


class PresentationStepView(_PresentationMixin, View):
    """One step on the projector, full screen, with Vorige/Volgende."""

    def get(self, request, pk, meeting_pk, step):
        meeting = self.meeting
        presentation = presentation_for(meeting=meeting)
        current = presentation.step(step)
        if current.number != step:
            return redirect(self.step_url(current.number))
        previous = presentation.neighbour(current, -1)
        following = presentation.neighbour(current, 1)
        context: dict[str, Any] = {
            "trajectory": self.trajectory,
            "meeting": meeting,
            "presentation": presentation,
            "step": current,
            "previous_url": self.step_url(previous.number) if previous else "",
            "next_url": self.step_url(following.number) if following else "",
            "follow_url": reverse(
                "presentation:follow",
                kwargs={"pk": self.trajectory.pk, "meeting_pk": meeting.pk},
            )
            + f"?{SEEN_PARAM}={meeting.presentation_step}",
            "presenter_url": self.presenter_url(),
        }
        read = presentation.read
        if current.kind == Kind.RESULTS:
            context.update(
                count_rows=read.count_rows,
                total=read.total_display,
                has_results=read.has_results,
                total_hidden=read.total_hidden,
                live=read.live,
            )
        elif current.kind == Kind.THEME and current.theme_index is not None:
            theme = read.themes[current.theme_index]
            draw_charts([theme], large=True)
            context.update(
                section=theme,
                quotes=theme_quotes(meeting=meeting, theme_key=theme.key),
            )
        elif current.kind == Kind.JOIN:
            context["join_url"] = request.build_absolute_uri(reverse("voting:join"))
        context.update(_round_context(presentation, current))
        return render(request, "sessions_app/presentation/step.html", context)


class PresentationFollowView(_PresentationMixin, View):
    """Polled by the projector: go to the presenter's step once it changes."""

    def get(self, request, pk, meeting_pk):
        try:
            seen = int(request.GET.get(SEEN_PARAM, ""))
        except ValueError:
            seen = 0
        response = HttpResponse(status=204)
        current = self.meeting.presentation_step
        if current != seen:
            response["HX-Redirect"] = self.step_url(current)
        return response


class PresenterView(_PresentationMixin, View):
    """The presenter's laptop: this step, the next, counts and notes."""

    def get(self, request, pk, meeting_pk):
        return self.render_presenter()

    def post(self, request, pk, meeting_pk):
        presentation = presentation_for(meeting=self.meeting)
        try:
            step = int(request.POST.get("step", ""))
            services.meeting_presentation_step_set(
                meeting=self.meeting, step=step, last=presentation.count
            )
        except (ValueError, ValidationError):
            return self.render_presenter(presentation, status=400)
        return redirect(self.presenter_url())

    def render_presenter(
        self, presentation: Presentation | None = None, status: int = 200
    ):
        meeting = self.meeting
        if presentation is None:
            presentation = presentation_for(meeting=meeting)
        current = presentation.step(meeting.presentation_step)
        voting_round = presentation.voting_round
        tally = round_tally(voting_round) if voting_round else None
        context = {
            "trajectory": self.trajectory,
            "meeting": meeting,
            "presentation": presentation,
            "step": current,
            "previous": presentation.neighbour(current, -1),
            "next": presentation.neighbour(current, 1),
            "voting_round": voting_round,
            "tally": tally,
            "attendance": meeting_attendance(meeting=meeting),
            "projector_url": self.step_url(current.number),
            "presenter_url": self.presenter_url(),
        }
        template = (
            "sessions_app/presentation/includes/counts.html"
            if getattr(self.request, "htmx", False)
            else "sessions_app/presentation/presenter.html"
        )
        return render(self.request, template, context, status=status)
