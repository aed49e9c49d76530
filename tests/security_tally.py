"""The suite's security figures: the checks tests really make, counted as they make them, and printed as the
last line of the run, e.g.  `security: 496 route×role checks, 2,140 hostile inputs, 0 failures`.

A test takes the `security` fixture and calls `security.route_role()` after each route × role (× method)
assertion and `security.hostile()` after each hostile input it fed and judged. The counts travel in the test
report's user_properties, so they add up across pytest-xdist workers; a failure is a counting test that failed.
"""
from collections import Counter

import pytest

KINDS = ("route_role", "hostile")
PROPERTY = "security_tally"


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def route_role(self, n: int = 1) -> None:
        """One (or `n`) route × role answers checked."""
        self.counts["route_role"] += n

    def hostile(self, n: int = 1) -> None:
        """One (or `n`) hostile inputs read or refused as they must be."""
        self.counts["hostile"] += n


@pytest.fixture
def security(request):
    tally = Tally()
    yield tally
    request.node.user_properties.append((PROPERTY, dict(tally.counts)))


class Totals:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.counting: set[str] = set()
        self.failed: set[str] = set()

    def line(self) -> str:
        return (f"security: {self.counts['route_role']:,} route×role checks, {self.counts['hostile']:,} hostile "
                f"inputs, {len(self.failed & self.counting):,} failures")


_TOTALS: dict[str, Totals] = {}


def pytest_configure(config):
    config._security_totals = _TOTALS["current"] = Totals()


def pytest_runtest_logreport(report):
    totals = _TOTALS["current"]
    for name, value in report.user_properties:
        if name == PROPERTY:
            totals.counts.update(value)
            totals.counting.add(report.nodeid)
    if report.failed:
        totals.failed.add(report.nodeid)


def pytest_unconfigure(config):
    """After pytest's own summary: the one line, on the controller only (not on xdist workers)."""
    totals = getattr(config, "_security_totals", None)
    if totals is None or hasattr(config, "workerinput") or not totals.counting:
        return
    writer = config.get_terminal_writer()
    writer.line(totals.line(), bold=True, red=bool(totals.failed & totals.counting))
