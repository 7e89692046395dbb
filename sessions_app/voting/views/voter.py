"""The voter's pages: no account, a token in a cookie."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import limits
from .. import services
from ..forms import JoinForm
from ..forms import SuggestForm
from ..forms import VoterRoleForm
from ..models import CODE_ALPHABET
from ..models import CODE_LENGTH
from ..models import VotingRound
from ..selectors import round_topics

VOTER_COOKIE_SECONDS = 12 * 60 * 60


# Voters: no account, a token in a cookie ------------------------------------------


_cookie_name = limits.cookie_name


def _valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def _round_by_code(code: str) -> VotingRound | None:
    if not _valid_code(code):
        return None
    return VotingRound.objects.filter(code=code).first()


def _unknown_code(request, code: str = ""):
    limits.code_unknown(request)
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
        if limits.guessing_codes(request):
            return limits.too_many(request, guessing=True)
        if VotingRound.objects.filter(code=code).exists():
            return redirect("voting:ballot", code=code)
        return _unknown_code(request, code)
    status = 400 if request.GET else 200
    return render(
        request, "sessions_app/voting/join.html", {"form": form}, status=status
    )


def _ballot_rows(voting_round: VotingRound, ballot: dict) -> list[dict]:
    return [
        {"topic": topic, "id": str(topic.pk), "votes": ballot.get(str(topic.pk), 0)}
        for topic in round_topics(voting_round)
    ]


def _voter_of_round(request, code: str):
    """The voter whose cookie holds a token of the round ``code``, or None."""
    token = request.COOKIES.get(_cookie_name(code), "")
    if not token or not _valid_code(code):
        return None
    try:
        return services.voter_for_token(code=code, token=token)
    except services.VoteRejected:
        return None


def ballot(request, code: str):
    """The voter's page: the role question first, then their votes.

    A voter whose cookie holds a token of this round is found by that token
    alone (one statement): holding one, they know the code, so the count of
    guessed codes is asked only of everyone else.
    """
    voter = _voter_of_round(request, code)
    context: dict[str, object]
    if voter is None:
        if limits.guessing_codes(request):
            return limits.too_many(request, guessing=True)
        voting_round = _round_by_code(code)
        if voting_round is None:
            return _unknown_code(request, code)
        context = {
            "voting_round": voting_round,
            "voter": None,
            "role_form": VoterRoleForm(),
        }
        return render(request, "sessions_app/voting/ballot_join.html", context)
    voting_round = voter.round
    used = sum(voter.ballot.values())
    context = {
        "voting_round": voting_round,
        "voter": voter,
        "version": str(voter.version),
        "vote_url": reverse("voting:ballot_vote", kwargs={"code": code}),
        "rows": _ballot_rows(voting_round, voter.ballot),
        "used": used,
        "left": max(voting_round.votes_per_voter - used, 0),
        "suggest_form": SuggestForm() if voting_round.suggestions_open else None,
    }
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
    if limits.guessing_codes(request):
        return limits.too_many(request, guessing=True)
    if limits.join_limited(request, code):
        return limits.too_many(request, code)
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
    if limits.vote_limited(request, code):
        limited = _tagged(request, limits.too_many(request, code))
        limited["X-Vote"] = "limited"
        return limited
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
    if limits.guessing_codes(request):
        return limits.too_many(request, guessing=True)
    if limits.suggest_limited(request, code):
        return limits.too_many(request, code)
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
