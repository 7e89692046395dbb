"""Export and import give back the same results, votes, plan and PDF."""

import json

import pytest
from django.core.management import call_command

from actionplans.transfer.exporter import trajectory_export
from actionplans.transfer.importer import trajectory_import
from actionplans.transfer.spec import SECTIONS
from regions.models import Trajectory
from tests.actionplans.transfer.scenario import INVITEE_EMAIL
from tests.actionplans.transfer.scenario import OWNER_EMAIL
from tests.actionplans.transfer.scenario import full_trajectory
from tests.actionplans.transfer.scenario import observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def full(trajectory, users_by_role, private_root):
    return full_trajectory(trajectory, coordinator=users_by_role["coordinator"])


def _wipe(trajectory):
    """Delete the trajectory and all it holds: an empty database but regions."""
    for section in reversed(SECTIONS):
        rows = section.model._default_manager.filter(**{section.path: trajectory.pk})
        if section.name == "topics":  # merged topics first: they point at others
            rows.filter(status="merged").delete()
        rows.delete()


def test_every_section_of_the_full_trajectory_has_rows(full):
    data = trajectory_export(trajectory=full, with_contacts=True)["data"]

    assert [name for name, rows in data.items() if not rows] == []


def test_import_into_an_empty_database_shows_the_same_as_before(
    full, client, users_by_role, tmp_path
):
    client.force_login(users_by_role["staff"])
    before = observe(client, full)
    path = tmp_path / "export.json"
    call_command("export_trajectory", full.pk, str(path), "--with-contacts")
    _wipe(full)
    assert not Trajectory.objects.exists()

    call_command("import_trajectory", str(path))

    restored = Trajectory.objects.get()
    assert restored.pk != full.pk
    after = observe(client, restored)
    assert after == before
    # The comparison is about real content, not two empty pages.
    assert "Onderwerp 1" in after["pdf"]
    assert "Onderwerp 1" in after["plan"]
    assert "Pleegouder" in after["results"]
    assert [len(r["ranking"]) for r in after["votes"][0]] == [3, 2]


def test_import_beside_the_original_shows_the_same(full, client, users_by_role):
    client.force_login(users_by_role["staff"])
    raw = json.loads(json.dumps(trajectory_export(trajectory=full, with_contacts=True)))

    copy = trajectory_import(raw=raw)

    assert Trajectory.objects.count() == 2
    assert observe(client, copy) == observe(client, full)


def test_export_without_contacts_holds_no_names_addresses_or_tokens(full):
    text = json.dumps(trajectory_export(trajectory=full))

    for secret in (
        OWNER_EMAIL,
        INVITEE_EMAIL,
        "Carla de Boer",
        "Beleidsadviseur jeugd",
        full.public_token,
        *full.voting_rounds.values_list("code", flat=True),
        *full.questionnaire.responses.values_list("submission_key", flat=True)[:5],
    ):
        assert secret not in text
    for name in ("token_hash", "token_nonce", "submission_key", "public_token"):
        assert name not in text
