"""The export names every field of every model: a new field fails here first.

When this fails after a model change, add the field to its ``Section`` in
``actionplans/transfer/spec.py`` (``plain`` for a plain value, ``refs`` for a
link to another exported model, ``contacts`` for personal data, ...).
"""

import pytest
from django.apps import apps

from actionplans.transfer.spec import EXPORT_APPS
from actionplans.transfer.spec import NOT_EXPORTED
from actionplans.transfer.spec import SECTIONS
from actionplans.transfer.spec import model_fields


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_every_field_of_the_model_is_named_once_in_its_section(section):
    groups = [
        section.plain,
        section.refs,
        section.codes,
        section.contacts,
        section.users,
        section.timestamps,
        section.regenerated,
        section.special,
    ]
    named = [name for group in groups for name in group]

    assert sorted(named) == sorted(set(named)), "a field is in two groups"
    assert set(named) == model_fields(section.model), (
        f"{section.model.__name__}: unhandled "
        f"{sorted(model_fields(section.model) - set(named))}, unknown "
        f"{sorted(set(named) - model_fields(section.model))}"
    )


def test_every_model_of_the_apps_is_exported_or_excluded_with_a_reason():
    exported = {section.model for section in SECTIONS}
    unhandled = [
        model._meta.label
        for app in EXPORT_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in exported and model._meta.label not in NOT_EXPORTED
    ]

    assert unhandled == []


def test_references_point_at_sections_above_or_at_themselves():
    seen = set()
    for section in SECTIONS:
        for target in section.refs.values():
            assert target in seen | {section.name}, (section.name, target)
        seen.add(section.name)
