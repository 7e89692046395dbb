"""Parallel test processes (pytest-xdist) keep out of each other's cache keys."""

import json
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.conftest import clear_own_cache
from tests.conftest import require_service
from tests.test_settings import BASE_DIR
from tests.test_settings import clean_env

PREFIX_PROBE = """
import json, environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
from goedgesprek import settings as s
print(json.dumps(s.CACHES["default"].get("KEY_PREFIX", "")))
"""


def key_prefix_with(**variables):
    """The cache key prefix the settings give a process with these variables."""
    completed = subprocess.run(
        [sys.executable, "-c", PREFIX_PROBE],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_each_parallel_test_process_has_its_own_cache_key_prefix():
    redis = "redis://redis.internal:6379/0"

    first = key_prefix_with(REDIS_URL=redis, PYTEST_XDIST_WORKER="gw0")
    second = key_prefix_with(REDIS_URL=redis, PYTEST_XDIST_WORKER="gw1")
    alone = key_prefix_with(REDIS_URL=redis)

    assert (first, second, alone) == (
        "goedgesprek-gw0",
        "goedgesprek-gw1",
        "goedgesprek",
    )


@pytest.fixture
def redis_cache():
    require_service("REDIS_URL")
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    return backend


def test_clearing_the_cache_leaves_another_processs_keys_alone(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    other = "goedgesprek-gw99:1:rl:counter"
    client.set(other, "7", ex=60)
    redis_cache.set("mine", "1", timeout=60)
    try:
        clear_own_cache()

        assert redis_cache.get("mine") is None
        assert client.get(other) == b"7"
    finally:
        client.delete(other)
