"""Rate limits in the shared cache that let requests through when it is down.

django-ratelimit asks the cache (Redis in production) for a counter. When
Redis cannot be reached, Django's Redis cache raises and the library would
answer with a 500 or refuse everyone; for a room of voters both are worse
than a while without a limit. :func:`over_limit` logs a warning and lets the
request through instead.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest
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
