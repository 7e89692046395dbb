"""A Redis cache that degrades instead of failing.

The cache holds only what can be rebuilt: the live tally, rate-limit
counters, short-lived look-ups. When Redis is stopped or unreachable, a
request must still answer a survey or cast a vote (issue #14), so every
cache call that cannot reach Redis is logged and answers as a miss: ``get``
returns the default, writes do nothing, ``add`` says it added nothing and
``incr`` raises ``ValueError`` as for a missing key (django-ratelimit then
fails open, ``RATELIMIT_FAIL_OPEN``). Short socket timeouts keep a hanging
Redis from holding a request.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class DegradingRedisCache(RedisCache):
    def _unreachable(self, operation: str) -> None:
        logger.warning("cache unreachable during %s; carrying on without it", operation)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except UNREACHABLE:
            self._unreachable("get")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except UNREACHABLE:
            self._unreachable("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except UNREACHABLE:
            self._unreachable("has_key")
            return False

    def add(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("add")
            return False

    def set(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("set")

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE:
            self._unreachable("set_many")
            return list(data)

    def touch(
        self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE:
            self._unreachable("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except UNREACHABLE:
            self._unreachable("delete")
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except UNREACHABLE:
            self._unreachable("delete_many")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            self._unreachable("incr")
            raise ValueError(
                f"Key '{key}' not found: the cache is unreachable"
            ) from None

    def count(self, key: Any, timeout: int, version: int | None = None) -> int | None:
        """Add one to the counter ``key`` and return it, in one round trip.

        A new counter starts at 0 and lives ``timeout`` seconds. The same
        value ``add`` and ``incr`` would leave (Django keeps integers as
        plain Redis integers), for two round trips (three commands) less.
        None when Redis cannot be reached.
        """
        key = self.make_and_validate_key(key, version=version)
        try:
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            _created, value = pipe.execute()
        except UNREACHABLE:
            self._unreachable("count")
            return None
        return int(value)

    def clear(self) -> None:
        try:
            super().clear()
        except UNREACHABLE:
            self._unreachable("clear")
