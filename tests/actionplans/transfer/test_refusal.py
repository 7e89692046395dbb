"""A malformed or changed file is refused as a whole and writes nothing."""

import copy
import json

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from actionplans.transfer.exporter import checksum
from actionplans.transfer.exporter import trajectory_export
from actionplans.transfer.importer import trajectory_import
from actionplans.transfer.importer import trajectory_import_json
from actionplans.transfer.spec import FORMAT_VERSION
from actionplans.transfer.validation import TransferRefused
from surveys.models import Question
from surveys.services import questionnaire_get_or_create
from tests.actionplans.transfer.scenario import full_trajectory
from tests.actionplans.transfer.scenario import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(trajectory, users_by_role):
    full_trajectory(trajectory, coordinator=users_by_role["coordinator"])
    return json.loads(json.dumps(trajectory_export(trajectory=trajectory)))


def resealed(raw):
    raw["checksum"] = checksum(raw["data"])
    return raw


def refused(raw) -> list[str]:
    before = row_counts()
    with pytest.raises(TransferRefused) as caught:
        trajectory_import(raw=raw)
    assert row_counts() == before
    return caught.value.reasons


def test_a_valid_export_imports(export):
    before = row_counts()

    trajectory_import(raw=export)

    assert row_counts()["trajectory"] == before["trajectory"] + 1


def test_bad_json_is_refused(export):
    before = row_counts()
    with pytest.raises(TransferRefused) as caught:
        trajectory_import_json(text=json.dumps(export)[:-20])
    assert row_counts() == before
    assert "not valid JSON" in caught.value.reasons[0]


def test_another_format_version_is_refused(export):
    export["format_version"] = FORMAT_VERSION + 1

    assert any("format_version" in r for r in refused(export))


def test_an_unknown_field_is_refused(export):
    export["data"]["themes"][0]["colour"] = "blauw"

    assert refused(resealed(export)) == ["themes[0]: unknown fields colour"]


def test_a_missing_reference_is_refused(export):
    export["data"]["answers"][0]["question"] = 999_999

    reasons = refused(resealed(export))

    assert "answers[0].question: refers to questions 999999" in reasons[0]


def test_a_wrong_type_is_refused(export):
    export["data"]["themes"][0]["position"] = "1"
    export["data"]["trajectory"][0]["survey_opens_on"] = "gisteren"

    reasons = refused(resealed(export))

    assert "themes[0].position: wrong type str" in reasons
    assert any(r.startswith("trajectory[0].survey_opens_on") for r in reasons)


def test_an_answer_to_a_question_of_another_questionnaire_is_refused(
    export, other_trajectory
):
    foreign = Question.objects.filter(
        theme__questionnaire=questionnaire_get_or_create(trajectory=other_trajectory)
    ).first()
    export["data"]["answers"][0]["question"] = foreign.pk

    reasons = refused(resealed(export))

    assert any("answers[0].question: refers to questions" in r for r in reasons)


def test_a_changed_file_fails_its_checksum(export):
    export["data"]["themes"][0]["title"] = "Een ander thema"

    assert refused(export) == [
        "checksum: does not match the data: the file was changed"
    ]


def test_every_reason_is_listed(export):
    export["data"]["themes"][0]["position"] = -1
    export["data"]["questions"][0]["kind"] = "essay"
    export["data"]["voters"][0]["ballot"] = {"x": 1}

    reasons = refused(resealed(export))

    assert len(reasons) == 3


def test_a_row_the_database_refuses_rolls_back_everything(export):
    meeting = export["data"]["meetings"][0]
    meeting["ends_at"] = "2020-01-01T10:00:00+00:00"
    meeting["starts_at"] = "2020-01-01T12:00:00+00:00"

    reasons = refused(resealed(export))

    assert "the database refused the data" in reasons[0]


def test_the_command_lists_the_reasons_and_writes_nothing(export, tmp_path):
    export["format_version"] = "één"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(export))
    before = row_counts()

    with pytest.raises(CommandError, match="format_version"):
        call_command("import_trajectory", str(path))

    assert row_counts() == before


# Random changes ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            yield from _paths(value, (*prefix, index))


def _mutate(raw, path, operation, value):
    if not path:
        return value
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "replace":
        parent[last] = value
    elif operation == "delete":
        del parent[last]
    elif operation == "add" and isinstance(parent[last], dict):
        parent[last]["extra"] = value
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = value
    return raw


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_changes_never_crash_and_never_write_half(export, data):
    paths = list(_paths(export))
    path = data.draw(st.sampled_from(paths))
    operation = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
    value = data.draw(JSON_VALUES)
    raw = _mutate(copy.deepcopy(export), path, operation, value)
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict):
        if data.draw(st.booleans()):
            raw["checksum"] = checksum(raw["data"])
    before = row_counts()

    reasons = None
    try:
        trajectory_import(raw=raw)
    except TransferRefused as refusal:
        reasons = refusal.reasons
    after = row_counts()
    if reasons is not None:
        assert reasons
        assert after == before
    else:
        for name, rows in raw["data"].items():
            assert after[name] == before[name] + len(rows)
