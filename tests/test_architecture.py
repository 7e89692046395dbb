"""The apps import each other one way only, and the ground floor imports none.

Read from the source with ``ast``, so it runs inside the suite without the
``lint-imports`` command; its contracts in ``pyproject.toml`` say the same.
Imports inside functions and under ``TYPE_CHECKING`` count too.
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# STYLE.md's chain, from the ground floor up: an app may import only the apps
# before it.
CHAIN = [
    "core",
    "accounts",
    "regions",
    "surveys",
    "sessions_app",
    "actionplans",
    "demo",
    "goedgesprek",
]

Edge = tuple[str, str, str]  # (importing app, imported app, "path:line")


def app_imports(base_dir: Path = BASE_DIR, apps: list[str] = CHAIN) -> list[Edge]:
    """Every import of one app by another, with where it is written."""
    edges = []
    for app in apps:
        for path in sorted((base_dir / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                else:
                    # Relative imports stay inside the app.
                    continue
                for name in names:
                    target = name.split(".")[0]
                    if target in apps and target != app:
                        where = f"{path.relative_to(base_dir)}:{node.lineno}"
                        edges.append((app, target, where))
    return edges


def find_cycle(edges: list[Edge]) -> list[str]:
    """One cycle of the app graph as [a, b, ..., a], or [] when there is none."""
    graph: dict[str, set[str]] = {}
    for source, target, _where in edges:
        graph.setdefault(source, set()).add(target)
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            cycle = visit(target, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return []

    for node in sorted(graph):
        cycle = visit(node, [])
        if cycle:
            return cycle
    return []


def upward_imports(edges: list[Edge], chain: list[str] = CHAIN) -> list[Edge]:
    """The imports of an app above the importing one in the chain."""
    rank = {app: index for index, app in enumerate(chain)}
    return [edge for edge in edges if rank[edge[1]] > rank[edge[0]]]


@pytest.fixture(scope="module")
def edges():
    return app_imports()


def test_the_checker_sees_the_imports_between_apps(edges):
    """Guards the tests below against passing because nothing was read."""
    pairs = {(source, target) for source, target, _where in edges}

    assert ("regions", "core") in pairs
    assert ("surveys", "regions") in pairs
    assert ("demo", "surveys") in pairs


def test_core_imports_no_app(edges):
    assert [edge for edge in edges if edge[0] == "core"] == []


def test_the_app_import_graph_has_no_cycle(edges):
    assert find_cycle(edges) == []


def test_apps_import_only_apps_below_them_in_the_chain(edges):
    assert upward_imports(edges) == []


def test_every_app_of_the_project_is_in_the_chain():
    packages = {
        path.parent.name
        for path in BASE_DIR.glob("*/apps.py")
        if path.parent.name != "benchmarks"
    }

    assert packages <= set(CHAIN), sorted(packages - set(CHAIN))


def test_a_cycle_and_an_upward_import_are_found(tmp_path):
    """The checks above can fail: a made-up project with a wrong arrow."""
    for app, source in {
        "core": "from accounts.models import User\n",
        "accounts": "def f():\n    from core import models\n",
        "regions": "import accounts.models\nfrom . import x\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text(source)
    chain = ["core", "accounts", "regions"]

    edges = app_imports(tmp_path, chain)

    assert sorted(edges) == [
        ("accounts", "core", "accounts/__init__.py:2"),
        ("core", "accounts", "core/__init__.py:1"),
        ("regions", "accounts", "regions/__init__.py:1"),
    ]
    assert find_cycle(edges) == ["accounts", "core", "accounts"]
    assert upward_imports(edges, chain) == [("core", "accounts", "core/__init__.py:1")]
