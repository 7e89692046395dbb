"""Migration 0006 unlinks the responses stored before it from their tokens."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0005_answer_open_question_index")]
AFTER = [("surveys", "0006_spent_token")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_token_hashes_move_to_spent_tokens_and_responses_get_random_keys(
    trajectory,
):
    old = _migrate(BEFORE)
    questionnaire = old.get_model("surveys", "Questionnaire").objects.create(
        trajectory_id=trajectory.pk, source_version=1
    )
    Response = old.get_model("surveys", "Response")
    hashes = [hashlib.sha256(f"token-{i}".encode()).hexdigest() for i in range(3)]
    for key in hashes:
        Response.objects.create(
            questionnaire=questionnaire,
            role="pleegouder",
            submitted_on="2026-01-01",
            submission_key=key,
        )

    new = _migrate(AFTER)
    try:
        keys = set(
            new.get_model("surveys", "Response").objects.values_list(
                "submission_key", flat=True
            )
        )
        spent = set(
            new.get_model("surveys", "SpentToken").objects.values_list(
                "token_hash", flat=True
            )
        )
        assert spent == set(hashes)
        assert len(keys) == 3
        assert not keys & set(hashes)
    finally:
        _migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
