"""How often a voter may join, vote and suggest, and guess round codes.

Up to 200 people in one hall share the venue's address, so a voter with a
cookie for the round is counted by that cookie. The address is counted only
where there is no cookie yet (a join) and for round codes that do not exist
(someone guessing codes). The rates are settings (``VOTER_*_RATE``). When
Redis is down the limits let everyone through (``core.ratelimit``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.ratelimit import client_ip
from core.ratelimit import over_limit

RETRY_AFTER_SECONDS = 60


def cookie_name(code: str) -> str:
    return f"gg_stem_{code}"


def _voter_key(request: HttpRequest, code: str) -> str:
    token = request.COOKIES.get(cookie_name(code), "")
    return f"voter:{token}" if token else f"ip:{client_ip(request)}"


def join_limited(request: HttpRequest, code: str) -> bool:
    return over_limit(
        request,
        group="voting.join",
        key=_voter_key(request, code),
        rate=settings.VOTER_JOIN_RATE,
    )


def vote_limited(request: HttpRequest, code: str) -> bool:
    return over_limit(
        request,
        group="voting.vote",
        key=_voter_key(request, code),
        rate=settings.VOTER_VOTE_RATE,
    )


def suggest_limited(request: HttpRequest, code: str) -> bool:
    return over_limit(
        request,
        group="voting.suggest",
        key=_voter_key(request, code),
        rate=settings.VOTER_SUGGEST_RATE,
    )


def guessing_codes(request: HttpRequest) -> bool:
    """Has this address typed too many unknown codes? Asked before any look-up,
    so that over the limit a real code and a wrong one answer alike."""
    return over_limit(
        request,
        group="voting.code",
        key=f"ip:{client_ip(request)}",
        rate=settings.VOTER_CODE_GUESS_RATE,
        increment=False,
    )


def code_unknown(request: HttpRequest) -> None:
    """Count one unknown code for this address."""
    over_limit(
        request,
        group="voting.code",
        key=f"ip:{client_ip(request)}",
        rate=settings.VOTER_CODE_GUESS_RATE,
    )


def too_many(request: HttpRequest, code: str = "", *, guessing: bool = False):
    """The Dutch 429 page; nothing was changed."""
    if guessing:
        message = _(
            "Vanaf dit adres zijn heel veel codes geprobeerd die niet bestaan. "
            "Wacht tien minuten en typ dan de code die op het scherm staat."
        )
    else:
        message = _(
            "U stuurt heel snel veel verzoeken achter elkaar. Wacht een minuut "
            "en probeer het dan opnieuw."
        )
    response: HttpResponse = render(
        request,
        "sessions_app/voting/too_many.html",
        {"message": message, "code": "" if guessing else code},
        status=429,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
