"""Load benchmarks for ``make bench`` (issue #3, "Speed").

Nothing here is part of the production settings: ``benchmarks.settings``
extends them with a floor view and its one-table model.
"""
