"""axe-core through axe-playwright-python (bundled, works offline)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_axe_violations(page, label: str) -> None:
    results = _axe.run(page)
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"
