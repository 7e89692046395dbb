"""Every survey permission against every role, from one explicit table.

``users_by_role`` places every role around ``trajectory`` in ``region``;
``other_coordinator`` coordinates ``other_region``, where ``other_trajectory``
runs. Each permission's object is a trajectory. A permission added to
``surveys/rules.py`` without a row here fails
``test_every_survey_permission_has_a_row``.
"""

import pytest
import rules
from rules.permissions import permissions as registered_permissions

from tests.conftest import ROLES

# For each permission, the roles allowed on: their own ``trajectory``,
# ``other_trajectory`` (another region's), and no object at all (NVP staff
# work in every region, so their predicate needs none).
TARGETS = ("trajectory", "other_trajectory", "none")
EXPECTED = {
    "surveys.change_questionnaire": (
        {"coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.view_survey_links": (
        {"beleidsmaker", "facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.view_response_counts": (
        {"beleidsmaker", "facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.view_results": (
        {"beleidsmaker", "facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.export_results": (
        {"beleidsmaker", "facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.review_open_answers": (
        {"facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
    "surveys.export_responses": (
        {"facilitator", "coordinator", "staff"},
        {"other_coordinator", "staff"},
        {"staff"},
    ),
}

CASES = [
    pytest.param(permission, role, which, id=f"{permission}-{role}-{which}")
    for permission in sorted(EXPECTED)
    for role in ROLES
    for which in TARGETS
]


def survey_permissions():
    return sorted(
        name for name in registered_permissions if name.startswith("surveys.")
    )


def test_every_survey_permission_has_a_row():
    assert survey_permissions() == sorted(EXPECTED)


def test_the_table_names_only_known_roles():
    named = set().union(*(set().union(*row) for row in EXPECTED.values()))

    assert named <= set(ROLES)


@pytest.mark.parametrize(("permission", "role", "which"), CASES)
def test_survey_permission_matrix(
    permission, role, which, users_by_role, trajectory, other_trajectory
):
    allowed = dict(zip(TARGETS, EXPECTED[permission], strict=True))[which]
    target = {"trajectory": trajectory, "other_trajectory": other_trajectory}.get(which)
    expected = role in allowed

    assert rules.has_perm(permission, users_by_role[role], target) is expected
