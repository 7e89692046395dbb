"""A NUL byte in any address never gives a server error.

PostgreSQL refuses ``\\x00`` in text, and Django's ``<str:...>`` converter lets
it through to the tokens, codes and keys our views look up (the public survey
link gave a 500). Every URL pattern with a text part is tried, as a visitor
and as NVP staff; each view answers as it does for any unknown token.
"""

import pytest
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.urls.converters import IntConverter
from django.urls.converters import StringConverter

from tests.conftest import clear_own_cache


def _text_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if namespace and ns:
                ns = f"{namespace}:{ns}"
            yield from _text_patterns(pattern.url_patterns, ns or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = getattr(pattern.pattern, "converters", {})
            if any(type(c) is StringConverter for c in converters.values()):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, converters


TEXT_PATTERNS = sorted(
    {
        name: converters
        for name, converters in _text_patterns(get_resolver().url_patterns)
    }.items()
)


def _url(converters, name):
    kwargs = {}
    for kwarg, converter in converters.items():
        if isinstance(converter, IntConverter):
            kwargs[kwarg] = 1
        else:
            kwargs[kwarg] = "ab\x00cd"
    return reverse(name, kwargs=kwargs)


def test_there_are_text_patterns_to_try():
    names = {name for name, _c in TEXT_PATTERNS}
    assert {"surveys:start", "voting:ballot", "meetings:rsvp"} <= names


@pytest.mark.parametrize("role", ["anonymous", "staff"])
@pytest.mark.parametrize(
    ("name", "converters"), TEXT_PATTERNS, ids=[name for name, _c in TEXT_PATTERNS]
)
def test_a_nul_byte_in_the_path_never_gives_a_server_error(
    name, converters, role, client_for
):
    client = client_for(role)
    url = _url(converters, name)
    for method in ("get", "post"):
        clear_own_cache()
        response = getattr(client, method)(url)
        assert response.status_code < 500, (method, url, response.status_code)


@pytest.mark.parametrize("name", ["surveys:start", "surveys:thanks"])
def test_a_public_link_with_a_nul_byte_is_an_unknown_link(name, client, db):
    url = reverse(name, kwargs={"public_token": "ab\x00cd"})
    assert client.get(url).status_code == 404
