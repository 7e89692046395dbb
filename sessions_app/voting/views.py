"""Views of the longlist, the facilitator's round pages, the projector and voters."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.mixins import ObjectPermissionMixin
from regions.mixins import TrajectoryPermissionMixin

from . import services
from .forms import ConfirmForm
from .forms import JoinForm
from .forms import PaperBallotForm
from .forms import RoundSettingsForm
from .forms import SecondRoundForm
from .forms import SuggestForm
from .forms import TopicForm
from .forms import TopicMergeForm
from .forms import TopicRenameForm
from .forms import VoterRoleForm
from .models import CODE_ALPHABET
from .models import CODE_LENGTH
from .models import Topic
from .models import VotingRound
from .selectors import chosen_topics
from .selectors import longlist
from .selectors import per_role_rankings
from .selectors import ranking
from .selectors import round_tally
from .selectors import round_topics
from .selectors import rounds_of
from .selectors import tally_forget

VOTER_COOKIE_SECONDS = 12 * 60 * 60
QR_SCALE = 10


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
            round_form=RoundSettingsForm(),
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
        form = RoundSettingsForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Controleer het aantal stemmen."))
            return redirect("voting:longlist", pk=self.trajectory.pk)
        try:
            voting_round = services.round_open(
                trajectory=self.trajectory,
                votes_per_voter=form.cleaned_data["votes_per_voter"],
                max_per_topic=form.cleaned_data["max_per_topic"],
                show_bars=form.cleaned_data["show_bars"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("voting:longlist", pk=self.trajectory.pk)
        return redirect(voting_round)


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
        if reveal and not voting_round.is_open
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
        response["Cache-Control"] = "private, max-age=3600"
        return response


# Voters: no account, a token in a cookie ------------------------------------------


def _cookie_name(code: str) -> str:
    return f"gg_stem_{code}"


def _valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def _round_by_code(code: str) -> VotingRound | None:
    if not _valid_code(code):
        return None
    return VotingRound.objects.filter(code=code).first()


def _unknown_code(request, code: str = ""):
    form = JoinForm(initial={"code": code})
    return render(
        request,
        "sessions_app/voting/join.html",
        {
            "form": form,
            "problem": _("Deze code kennen we niet. Kijk nog eens op het scherm."),
        },
        status=404,
    )


def join(request):
    """The page reachable from the home page: type the code from the screen."""
    form = JoinForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"]
        if VotingRound.objects.filter(code=code).exists():
            return redirect("voting:ballot", code=code)
        return _unknown_code(request, code)
    status = 400 if request.GET else 200
    return render(
        request, "sessions_app/voting/join.html", {"form": form}, status=status
    )


def _ballot_rows(voting_round: VotingRound, ballot: dict) -> list[dict]:
    return [
        {"topic": topic, "votes": ballot.get(str(topic.pk), 0)}
        for topic in round_topics(voting_round)
    ]


def ballot(request, code: str):
    """The voter's page: the role question first, then their votes."""
    voting_round = _round_by_code(code)
    if voting_round is None:
        return _unknown_code(request, code)
    token = request.COOKIES.get(_cookie_name(code), "")
    voter = None
    if token:
        try:
            voter = services.voter_for_token(code=code, token=token)
        except services.VoteRejected:
            voter = None
    context = {"voting_round": voting_round, "voter": voter}
    if voter is None:
        context["role_form"] = VoterRoleForm()
        return render(request, "sessions_app/voting/ballot_join.html", context)
    used = sum(voter.ballot.values())
    context.update(
        rows=_ballot_rows(voting_round, voter.ballot),
        used=used,
        left=max(voting_round.votes_per_voter - used, 0),
        suggest_form=SuggestForm() if voting_round.suggestions_open else None,
    )
    return render(request, "sessions_app/voting/ballot.html", context)


def _tagged(request, response):
    """Echo a numeric ``tag`` from the form, so a load script can match answers."""
    tag = _int(request.POST.get("tag"))
    if tag is not None:
        response["X-Tag"] = str(tag)
    return response


def ballot_join(request, code: str):
    if request.method != "POST":
        return redirect("voting:ballot", code=code)
    voting_round = _round_by_code(code)
    if voting_round is None:
        return _unknown_code(request, code)
    form = VoterRoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else None
    if role is None:
        messages.error(
            request, _("Kies een rol uit de lijst, of 'Zeg ik liever niet'.")
        )
        return redirect("voting:ballot", code=code)
    try:
        token = services.voter_join(voting_round=voting_round, role=role)
    except services.VoteRejected as rejected:
        messages.error(request, rejected.message)
        return redirect("voting:ballot", code=code)
    response = redirect("voting:ballot", code=code)
    response.status_code = 303
    response.set_cookie(
        _cookie_name(code),
        token,
        max_age=VOTER_COOKIE_SECONDS,
        path="/stem/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return _tagged(request, response)


def _int(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if abs(number) < 2**31 else None


def ballot_vote(request, code: str):
    """Add or take back one vote; answers with a 303 to the voter's page.

    ``X-Vote`` (ok/rejected) and ``X-Ballot-Version`` tell a script what
    happened without reading the page.
    """
    if request.method != "POST":
        return redirect("voting:ballot", code=code)
    topic_id = _int(request.POST.get("topic"))
    version = _int(request.POST.get("version"))
    delta = {"add": 1, "remove": -1}.get(request.POST.get("action", ""))
    response = _tagged(request, redirect("voting:ballot", code=code))
    response.status_code = 303
    if not _valid_code(code) or topic_id is None or version is None or delta is None:
        messages.error(request, _("Dit verzoek klopt niet. Probeer het opnieuw."))
        response["X-Vote"] = "rejected"
        return response
    try:
        outcome = services.vote_change(
            code=code,
            token=request.COOKIES.get(_cookie_name(code), ""),
            topic_id=topic_id,
            delta=delta,
            version=version,
        )
    except services.VoteRejected as rejected:
        messages.error(request, rejected.message)
        response["X-Vote"] = "rejected"
        return response
    response["X-Vote"] = "ok"
    response["X-Ballot-Version"] = str(outcome.voter.version)
    return response


def ballot_suggest(request, code: str):
    if request.method != "POST":
        return redirect("voting:ballot", code=code)
    voting_round = _round_by_code(code)
    if voting_round is None:
        return _unknown_code(request, code)
    form = SuggestForm(request.POST)
    try:
        services.voter_for_token(
            code=code, token=request.COOKIES.get(_cookie_name(code), "")
        )
        if not form.is_valid():
            raise services.VoteRejected(
                _("Schrijf een onderwerp van 3 tot 150 tekens.")
            )
        services.participant_topic_suggest(
            voting_round=voting_round, title=form.cleaned_data["title"]
        )
    except services.VoteRejected as rejected:
        messages.error(request, rejected.message)
    else:
        messages.success(
            request,
            _(
                "Dank u. De gespreksleider bekijkt uw onderwerp voordat het op de lijst komt."
            ),
        )
    response = redirect("voting:ballot", code=code)
    response.status_code = 303
    return response


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
