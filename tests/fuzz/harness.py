"""Seeded mutation fuzzing of every importer through its command, with the bounds each case must keep.

An importer is one `Importer` entry in `IMPORTERS`: a seed workbook, the command that imports a file, and a
count of the rows it writes. Each mutated file must end with exit 0, 1 or 2 and a message (a Chinese one when
refused), never a traceback; a refused file (1 or 2) writes nothing; every case stays below `MAX_SECONDS` and
`MAX_PEAK_MB` of Python allocations (tracemalloc). A new importer (the members list, say) is fuzzed by adding
its entry with `register()`.
"""
import re
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from tests.factories import make_campaign, make_unit
from tests.xlsx.hostile import indicators_workbook, list_workbook, registry_workbook
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.tasks.models import Task
from tracker.units.models import Unit

MAX_SECONDS = 10.0
MAX_PEAK_MB = 300
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Importer:
    name: str
    seed: Callable[[], bytes]
    command: Callable[[str], list[str]]  # the command line that imports the file at this path
    rows: Callable[[], int]  # what the importer writes, counted
    world: Callable[[], None]  # what must exist first (a campaign, units)


def _count(model) -> Callable[[], int]:
    return lambda: db.session.scalar(select(func.count()).select_from(model))


def _campaign_with_units() -> None:
    make_campaign()
    for name in ("区卫健局", "区政府办", "区发改局", "老城街道办", "区财政局"):
        make_unit(name)


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    IMPORTERS[importer.name] = importer
    return importer


register(Importer("list", list_workbook, lambda p: ["tasks", "import", "hb", p], _count(Task), _campaign_with_units))
register(Importer("registry", registry_workbook, lambda p: ["units", "import", p], _count(Unit), lambda: None))
register(Importer("indicators", indicators_workbook, lambda p: ["indicators", "import", "hb", p], _count(Indicator),
                  _campaign_with_units))


@dataclass
class Outcome:
    exit_code: int
    seconds: float
    peak_mb: float


def run_case(runner, importer: Importer, path: str, label: str) -> Outcome:
    """Import one file; assert the contract; the outcome with its cost."""
    before = importer.rows()
    tracemalloc.start()
    start = time.perf_counter()
    result = runner.invoke(args=importer.command(path))
    seconds = time.perf_counter() - start
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    db.session.rollback()
    where = f"{importer.name} {label}"
    output = result.output + (result.stderr or "")
    assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code} {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{where}: {result.exception!r}"
    assert "Traceback" not in output, where
    assert output.strip(), f"{where}: no message"
    if result.exit_code:
        assert CHINESE.search(output), f"{where}: {output[:200]}"
        assert importer.rows() == before, f"{where}: exit {result.exit_code} but rows were written"
    assert seconds < MAX_SECONDS, f"{where}: {seconds:.1f} s"
    assert peak_mb < MAX_PEAK_MB, f"{where}: {peak_mb:.0f} MB"
    return Outcome(result.exit_code, seconds, peak_mb)
