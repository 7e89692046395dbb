"""Export and import take the same number of queries for a small and a big plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.transfer.exporter import trajectory_export
from actionplans.transfer.importer import trajectory_import
from tests.actionplans.scenario import published_plan
from tests.regions.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


@pytest.mark.parametrize("with_contacts", [False, True])
def test_export_and_import_queries_do_not_grow_with_the_data(region, with_contacts):
    counts = []
    for size in (2, 4):
        trajectory = TrajectoryFactory(region=region)
        published_plan(trajectory, topics=size, actions_per_topic=size, quotes=size)
        export_queries = _queries(
            lambda t=trajectory: trajectory_export(
                trajectory=t, with_contacts=with_contacts
            )
        )
        raw = trajectory_export(trajectory=trajectory, with_contacts=with_contacts)
        import_queries = _queries(lambda raw=raw: trajectory_import(raw=raw))
        counts.append((export_queries, import_queries))

    assert counts[0] == counts[1]
