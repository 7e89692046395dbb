"""Panels that later apps add to the trajectory page.

``regions`` cannot import the apps that build on it (surveys, sessions_app,
actionplans), yet the trajectory page should show their state. Each of those
apps registers a section in its ``AppConfig.ready()``; the trajectory page
renders every section the user may see, in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TrajectorySection:
    order: int
    template_name: str
    # (request, trajectory) -> context dict, or None to hide the section.
    get_context: Callable[..., dict | None]


_sections: list[TrajectorySection] = []


def register_section(section: TrajectorySection) -> None:
    if section.template_name not in {s.template_name for s in _sections}:
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def sections_for(request, trajectory) -> list[tuple[str, dict]]:
    """Return ``(template_name, context)`` for each visible section."""
    rendered = []
    for section in _sections:
        context = section.get_context(request, trajectory)
        if context is not None:
            rendered.append((section.template_name, context))
    return rendered
