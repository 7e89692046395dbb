"""The facilitator's round pages and the projector."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.mixins import ObjectPermissionMixin

from .. import services
from ..forms import ConfirmForm
from ..forms import PaperBallotForm
from ..forms import RoundSettingsForm
from ..forms import SecondRoundForm
from ..models import VotingRound
from ..selectors import per_role_rankings
from ..selectors import ranking
from ..selectors import round_tally
from ..selectors import round_topics
from ..selectors import tally_forget
from ..selectors import tally_fragment
from ..selectors import tally_fragment_keep
from .longlist import _error_text

QR_SCALE = 10


# The facilitator's round pages ---------------------------------------------------


class _RoundMixin(ObjectPermissionMixin):
    permission_required = "sessions_app.run_votinground"

    def get_permission_queryset(self) -> QuerySet:
        return VotingRound.objects.select_related("trajectory__region")

    @property
    def voting_round(self) -> VotingRound:
        return self.get_permission_object()

    def back(self):
        return redirect(self.voting_round)


class RoundDetailView(_RoundMixin, TemplateView):
    template_name = "sessions_app/voting/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        voting_round = self.voting_round
        topics = round_topics(voting_round)
        tally = round_tally(voting_round, cached=False)
        rows = ranking(voting_round, tally, topics)
        chosen = set(voting_round.chosen_topics.values_list("pk", flat=True))
        context.update(
            voting_round=voting_round,
            trajectory=voting_round.trajectory,
            tally=tally,
            rows=rows,
            roles=per_role_rankings(voting_round, tally, topics)
            if not voting_round.is_open
            else [],
            join_url=self.request.build_absolute_uri(
                reverse("voting:ballot", kwargs={"code": voting_round.code})
            ),
            settings_form=RoundSettingsForm(
                initial={
                    "votes_per_voter": voting_round.votes_per_voter,
                    "max_per_topic": voting_round.max_per_topic,
                    "show_bars": voting_round.show_bars,
                    "suggestions_open": voting_round.suggestions_open,
                }
            ),
            paper_form=kwargs.get("paper_form") or PaperBallotForm(topics=topics),
            second_form=SecondRoundForm(
                initial={"top": min(voting_round.chosen_max, len(topics))}
            ),
            confirm_form=ConfirmForm(
                rows=rows,
                initial={
                    "topics": sorted(chosen)
                    or [
                        row.topic.pk
                        for row in rows
                        if row.rank <= voting_round.chosen_min
                    ][: voting_round.chosen_max]
                },
            ),
            chosen=[row.topic for row in rows if row.topic.pk in chosen],
        )
        return context


class RoundSettingsView(_RoundMixin, View):
    def post(self, request, *args, **kwargs):
        form = RoundSettingsForm(request.POST)
        if form.is_valid():
            services.round_update_settings(
                voting_round=self.voting_round, **form.cleaned_data
            )
            tally_forget(self.voting_round)
            messages.success(request, _("De instellingen zijn opgeslagen."))
        else:
            messages.error(
                request,
                " ".join(str(e) for errors in form.errors.values() for e in errors),
            )
        return self.back()


class RoundBarsView(_RoundMixin, View):
    """Hide or reveal the bars on the projector with one click."""

    def post(self, request, *args, **kwargs):
        services.round_set_bars(
            voting_round=self.voting_round, show=request.POST.get("show") == "1"
        )
        tally_forget(self.voting_round)
        return self.back()


class RoundPerRoleView(_RoundMixin, View):
    """Show the ranking per role (projector, action plan, PDF), or stop."""

    def post(self, request, *args, **kwargs):
        show = request.POST.get("show") == "1"
        services.round_set_per_role(voting_round=self.voting_round, show=show)
        tally_forget(self.voting_round)
        if show:
            messages.success(
                request,
                _(
                    "De uitslag per rol staat nu op het scherm, in het actieplan "
                    "en in de PDF."
                ),
            )
        else:
            messages.success(request, _("De uitslag per rol wordt niet meer getoond."))
        return self.back()


class RoundCloseView(_RoundMixin, View):
    def post(self, request, *args, **kwargs):
        services.round_close(voting_round=self.voting_round)
        tally_forget(self.voting_round)
        messages.success(request, _("De stemronde is gesloten."))
        return self.back()


class RoundPaperView(_RoundMixin, View):
    def post(self, request, *args, **kwargs):
        voting_round = self.voting_round
        form = PaperBallotForm(request.POST, topics=round_topics(voting_round))
        if form.is_valid():
            try:
                services.paper_ballot_add(
                    voting_round=voting_round,
                    votes=form.votes(),
                    role=form.cleaned_data.get("role") or "",
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                tally_forget(voting_round)
                messages.success(request, _("Het papieren stembriefje is geteld."))
        else:
            messages.error(
                request, _("Vul bij elk onderwerp een aantal van 0 tot 20 in.")
            )
        return self.back()


class RoundSecondView(_RoundMixin, View):
    def post(self, request, *args, **kwargs):
        form = SecondRoundForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies een aantal van 2 tot 40."))
            return self.back()
        try:
            second = services.round_open_second(
                voting_round=self.voting_round, top=form.cleaned_data["top"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return self.back()
        messages.success(request, _("De tweede stemronde is open."))
        return redirect(second)


class RoundConfirmView(_RoundMixin, View):
    def post(self, request, *args, **kwargs):
        voting_round = self.voting_round
        tally = round_tally(voting_round, cached=False)
        form = ConfirmForm(request.POST, rows=ranking(voting_round, tally))
        if not form.is_valid():
            messages.error(request, _("Kies de onderwerpen uit de lijst."))
            return self.back()
        try:
            services.round_confirm(
                voting_round=voting_round, topic_ids=form.cleaned_data["topics"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("De gekozen onderwerpen zijn vastgelegd."))
        return self.back()


def _projector_context(voting_round: VotingRound) -> dict:
    tally = round_tally(voting_round)
    topics = round_topics(voting_round)
    reveal = voting_round.show_bars
    return {
        "voting_round": voting_round,
        "tally": tally,
        "rows": ranking(voting_round, tally, topics) if reveal else [],
        "roles": per_role_rankings(voting_round, tally, topics)
        if reveal and voting_round.show_per_role and not voting_round.is_open
        else [],
    }


class RoundProjectorView(_RoundMixin, TemplateView):
    template_name = "sessions_app/voting/projector.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        voting_round = self.voting_round
        context.update(_projector_context(voting_round))
        context["join_url"] = self.request.build_absolute_uri(reverse("voting:join"))
        return context


class RoundTallyView(_RoundMixin, TemplateView):
    """The projector's live part, polled by htmx every second."""

    template_name = "sessions_app/voting/includes/tally.html"

    def get(self, request, *args, **kwargs):
        # The fragment is the same for every facilitator of the round: drawn
        # at most once a second, however many screens poll it.
        language = get_language()
        html = tally_fragment(self.voting_round, language)
        if html is not None:
            return HttpResponse(html)
        response = super().get(request, *args, **kwargs)
        response.render()
        tally_fragment_keep(self.voting_round, language, response.content)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_projector_context(self.voting_round))
        return context


class RoundQrView(_RoundMixin, View):
    def get(self, request, *args, **kwargs):
        url = request.build_absolute_uri(
            reverse("voting:ballot", kwargs={"code": self.voting_round.code})
        )
        buffer = io.BytesIO()
        segno.make(url, error="m").save(
            buffer,
            kind="svg",
            scale=QR_SCALE,
            border=2,
            title=_("QR-code om te stemmen"),
        )
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=300"
        return response
