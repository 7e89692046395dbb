"""What the results page may print: respondent counts and filtered rows."""

import pytest

from core.protection import can_be_worked_out as _can_be_worked_out
from core.protection import suppress
from surveys.results.figures import ALL
from surveys.results.figures import Results
from surveys.results.protection import guard_row as _guard_row
from surveys.results.protection import hidden_respondents
from surveys.results.protection import respondent_rows


def results_with(hidden_roles=None, **counts):
    respondents = dict(counts)
    respondents[ALL] = sum(counts.values())
    if hidden_roles is None:
        hidden_roles = suppress(counts, total=respondents[ALL])
    return Results(
        structure=None,
        respondents=respondents,
        hidden_roles=set(hidden_roles),
        themes=[],
    )


def shown(results):
    rows, total = respondent_rows(results, hidden_respondents(results))
    return {row.key: row.display for row in rows}, total


def test_small_and_protecting_groups_get_their_own_labels():
    assert shown(results_with(pleegouder=6, ouder=2)) == (
        {"pleegouder": "5 of meer", "ouder": "< 5"},
        "8",
    )


@pytest.mark.parametrize(
    "counts",
    [
        {"pleegouder": 10, "ouder": 4, "eigen_kind": 4},
        {"pleegouder": 10, "professional": 5, "ouder": 1},
        {"pleegouder": 30, "ouder": 1, "eigen_kind": 1, "pleegkind": 1},
    ],
)
def test_the_labels_never_pin_a_hidden_count_down(counts):
    displays, total = shown(results_with(**counts))
    hidden = [role for role in counts if not displays[role].isdigit()]
    bounds = [(1, 4) if displays[r] == "< 5" else (5, 10**6) for r in hidden]
    hidden_sum = int(total) - sum(int(d) for d in displays.values() if d.isdigit())
    if all(displays[r] in {"< 5", "5 of meer"} for r in hidden):
        assert not _can_be_worked_out(bounds, hidden_sum=hidden_sum)


def test_labels_that_would_pin_two_small_groups_down_become_verborgen():
    """Should a caller hide 4 + 4 beside 10, "< 5" twice would mean 4 and 4."""
    results = results_with(
        {"ouder", "eigen_kind"}, pleegouder=10, ouder=4, eigen_kind=4
    )
    assert shown(results) == (
        {"pleegouder": "10", "eigen_kind": "verborgen", "ouder": "verborgen"},
        "18",
    )


def test_a_small_total_hides_every_count():
    assert shown(results_with(pleegouder=3, ouder=1)) == (
        {"pleegouder": "< 5", "ouder": "< 5"},
        "< 5",
    )


def test_a_filtered_role_whose_rest_is_small_is_hidden_with_a_partner():
    """7 of 9 foster parents in the municipality would reveal the other 2."""
    hidden = _guard_row(
        {ALL: 13, "pleegouder": 7, "professional": 6},
        set(),
        {ALL: 23, "pleegouder": 9, "professional": 14},
    )
    assert hidden == {"pleegouder", "professional"}


def test_a_rest_is_guarded_even_where_the_overall_figure_was_hidden():
    """Overall, 9 foster parents hid to protect 2 parents; 9 = 23 - 14 all the same."""
    hidden = _guard_row(
        {ALL: 13, "pleegouder": 7, "professional": 6},
        set(),
        {ALL: 23, "pleegouder": 9, "ouder": 0, "professional": 14},
    )
    assert "pleegouder" in hidden


def test_a_filtered_row_with_one_role_hides_the_total_too():
    hidden = _guard_row({ALL: 7, "pleegouder": 7}, set(), {ALL: 9, "pleegouder": 9})
    assert hidden == {ALL, "pleegouder"}


def test_a_hidden_filtered_total_takes_a_role_with_it():
    """The total's rest is small; all roles shown would add up to it."""
    hidden = _guard_row(
        {ALL: 12, "pleegouder": 7, "ouder": 5},
        set(),
        {ALL: 14, "pleegouder": 7, "ouder": 5, "eigen_kind": 2},
    )
    assert hidden == {ALL, "ouder"}


@pytest.mark.parametrize("rest", [0, 5, 8])
def test_a_filtered_row_whose_rests_are_empty_or_large_stays(rest):
    hidden = _guard_row(
        {ALL: 12, "pleegouder": 6, "ouder": 6},
        set(),
        {ALL: 12 + 2 * rest, "pleegouder": 6 + rest, "ouder": 6 + rest},
    )
    assert hidden == set()


def test_guarded_roles_from_the_counts_are_hidden_in_every_row():
    hidden = _guard_row(
        {ALL: 20, "pleegouder": 10, "ouder": 10},
        set(),
        {ALL: 40, "pleegouder": 20, "ouder": 20},
        extra={"ouder"},
    )
    assert hidden == {"ouder", "pleegouder"}
