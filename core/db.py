"""Database helpers for the few requests where every statement counts.

The busiest public requests (a survey submit, a vote) run one or two fixed
statements. On PostgreSQL :func:`prepared_cursor` lets the server parse and
plan each of them once per connection instead of once per request. Django
keeps prepared statements off by default (``prepare_threshold`` is ``None``)
so that connection poolers keep working; this turns them on for the cursor it
returns only, whose statements then live as long as the connection. A pooler
in transaction mode in front of the database would break them: use session
mode there.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db import InterfaceError
from django.db import OperationalError
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorWrapper

# What a statement's parameters may be: positional or named (``%(name)s``).
Params = Sequence[Any] | Mapping[str, Any]


class _LoggedCursorWrapper(CursorWrapper):
    """Logs statements in ``connection.queries`` as Django's debug cursor does.

    Django's own debug wrapper asks psycopg for the statement it sent, which
    psycopg does not keep for a prepared one; this logs the SQL as written.
    """

    def execute(self, sql: str, params: Params | None = None) -> Any:  # type: ignore[override]
        start = time.monotonic()
        try:
            return super().execute(sql, params)
        finally:
            self.db.queries_log.append(
                {"sql": sql, "time": f"{time.monotonic() - start:.3f}"}
            )


class _PreparedCursor(ServerBindingCursor):
    """Server-side binding, and every statement prepared on first use."""

    def execute(
        self,
        query: str,
        params: Params | None = None,
        *,
        prepare: bool | None = True,
        binary: bool | None = None,
    ) -> Any:
        # django-stubs declare ServerBindingCursor without its psycopg base
        # class (psycopg.Cursor), which defines execute().
        return super().execute(  # type: ignore[misc]
            query, params, prepare=prepare, binary=binary
        )


def prepared_fetchone(sql: str, params: Params) -> tuple[Any, ...] | None:
    """Run one prepared read statement and return its first row.

    With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first
    statement of a request on a reused connection: a round trip that costs
    the busiest request as much as the read itself. Here the read is the
    health check. If the connection turns out to be broken, it is closed and
    the read runs once more on a new one, as Django's check would have done;
    a read can safely run twice. Inside a transaction nothing is retried.
    """

    def read() -> tuple[Any, ...] | None:
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row

    db = connections[DEFAULT_DB_ALIAS]
    # health_check_enabled and health_check_done (Django 4.1) are missing
    # from django-stubs' BaseDatabaseWrapper.
    stands_in_for_check = not (
        db.vendor != "postgresql"
        or db.connection is None
        or not db.health_check_enabled  # type: ignore[attr-defined]
        or db.health_check_done  # type: ignore[attr-defined]
        or db.in_atomic_block
    )
    if stands_in_for_check:
        db.health_check_done = True  # type: ignore[attr-defined]
        try:
            return read()
        except (InterfaceError, OperationalError):
            db.close()
    return read()


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor of the default connection whose statements are prepared.

    Statements go through Django's cursor wrapper as usual: database errors
    become ``django.db`` errors, and with ``DEBUG`` (or in a test that counts
    queries) they are logged in ``connection.queries``. On other databases
    this is Django's ordinary cursor. Use ``%s`` placeholders with explicit
    casts (``%s::jsonb``): the server sees typed parameters, not literals.
    """
    # The connection itself rather than the ``connection`` proxy, which looks
    # it up again on every attribute.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            yield cursor
        return
    # What connection.cursor() does before it makes a cursor.
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    # psycopg.Cursor(connection): see _PreparedCursor about the stubs.
    raw = _PreparedCursor(db.connection)  # type: ignore[call-arg]
    wrapper = _LoggedCursorWrapper if db.queries_logged else CursorWrapper
    cursor = wrapper(raw, db)
    with cursor:
        yield cursor
