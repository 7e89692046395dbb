"""Rate limits in the shared cache that let requests through when it is down.

django-ratelimit asks the cache (Redis in production) for a counter. When
Redis cannot be reached, Django's Redis cache raises and the library would
answer with a 500 or refuse everyone; for a room of voters both are worse
than a while without a limit. :func:`over_limit` logs a warning and lets the
request through instead.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import EXPIRATION_FUDGE
from django_ratelimit.core import _get_window
from django_ratelimit.core import _make_cache_key
from django_ratelimit.core import _split_rate
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The address django-ratelimit's ``key="ip"`` uses (REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR", ""))


def over_limit(
    request: HttpRequest, *, group: str, key: str, rate: str, increment: bool = True
) -> bool:
    """Count this request for ``key`` in ``group``; True when it is over ``rate``.

    ``increment=False`` only asks whether ``key`` is over already. Fails
    open: when the cache cannot count, the answer is False and a warning is
    logged.
    """
    if increment:
        counted = _counted(group=group, key=key, rate=rate)
        if counted is not None:
            return counted
    try:
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request: key,
            rate=rate,
            increment=increment,
        )
    except (RedisError, OSError) as error:
        logger.warning("rate limit %s not counted, cache unreachable: %s", group, error)
        return False
    if usage is None:  # RATELIMIT_ENABLE off
        return False
    if usage["time_left"] == -1 and usage["limit"] == 0:
        # The library's sign that the cache gave no count.
        logger.warning("rate limit %s not counted, cache gave no count", group)
        return False
    return bool(usage["should_limit"])


def _counted(*, group: str, key: str, rate: str) -> bool | None:
    """``over_limit`` in one Redis round trip, where the cache can count.

    The same counter as django-ratelimit's (its key, window and expiry), so
    both ways of counting add up; None when the cache has no ``count``
    (the local memory cache of development) or the rate is not a plain
    ``"N/period"``, and django-ratelimit counts instead.
    """
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    count = getattr(cache, "count", None)
    if count is None or "." in rate:
        return None
    limit, period = _split_rate(rate)
    window = _get_window(key, period)
    value = count(
        _make_cache_key(group, window, rate, key, ALL), period + EXPIRATION_FUDGE
    )
    if value is None:
        logger.warning("rate limit %s not counted, cache unreachable", group)
        return False
    return bool(value > limit)
