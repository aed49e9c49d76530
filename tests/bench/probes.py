"""Jobs measured in a process of their own, so that the peak resident memory is theirs alone.

    python -m tests.bench.probes import                 # a 1,000-row list into a fresh SQLite database
    python -m tests.bench.probes export DATABASE_URL    # the ledger of the city in DATABASE_URL
    python -m tests.bench.probes zip [--mb 512]         # an evidence package of that many MB of files

Each prints one JSON object: seconds, peak_rss_mb (ru_maxrss of this process) and the job's own figures.
"""
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tests.bench.city import TODAY
from tracker import create_app
from tracker.config import engine_options
from tracker.extensions import db


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would carry the parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(url: str, tmp: str):
    os.environ.setdefault("SECRET_KEY", "bench")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url)})
    app.instance_path = tmp
    return app


def probe_import() -> dict:
    """The importer on a 1,000-row list as printed (merged categories, unit texts to resolve, deadlines)."""
    from sqlalchemy import func, select

    from tests.factories import make_campaign
    from tests.imports.conftest import hanbin_registry, xlsx
    from tests.imports.test_bench import DEADLINES, UNITS
    from tracker.imports.services import import_list
    from tracker.tasks.models import Task

    tmp = tempfile.mkdtemp(prefix="bench-import-")
    app = _app(f"sqlite:///{tmp}/import.db", tmp)
    rows = [["附件"], ["类别", "创建任务", "责任单位", "完成时限"]]
    rows += [[f"类别{i // 50}" if i % 50 == 0 else None, f"第 {i} 项创建任务：完善托育服务体系", UNITS[i % 5],
              DEADLINES[i % 5]] for i in range(1000)]
    with app.app_context():
        db.create_all()
        campaign = make_campaign()
        hanbin_registry()
        db.session.commit()
        data = xlsx(rows)
        start = time.perf_counter()
        plan = import_list(campaign, data)
        db.session.commit()
        seconds = time.perf_counter() - start
        tasks = db.session.scalar(select(func.count(Task.id)))
    assert plan.ok and tasks == 1000, "the 1,000-row list did not import"
    return {"seconds": seconds, "rows": 1000}


def _raw_seconds(data, path: Path) -> float:
    """openpyxl write-only writing the ledger's cells (values and styles), no logic."""
    from tracker.exports.ledger import _ledger_values, ledger_columns
    from tracker.exports.styles import STYLE_SPECS

    rows = [_ledger_values(t, data.uses_points) for t in data.tasks]
    styles = [style for _, _, style in ledger_columns(data)]
    start = time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("责任清单")
    for values in rows:
        cells = []
        for value, style in zip(values, styles, strict=True):
            cell = WriteOnlyCell(ws, value)
            for attr, spec in STYLE_SPECS[style].items():
                setattr(cell, attr, spec)
            cells.append(cell)
        ws.append(cells)
    wb.save(path)
    return time.process_time() - start


def probe_export(url: str) -> dict:
    """The ledger of the city's campaign: gathered from the database and written (streamed), against raw openpyxl."""
    from sqlalchemy import select

    from tracker.campaigns.models import Campaign
    from tracker.exports.data import gather_ledger
    from tracker.exports.ledger import build_ledger

    tmp = tempfile.mkdtemp(prefix="bench-export-")
    app = _app(url, tmp)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        start = time.process_time()
        data = gather_ledger(campaign, TODAY)
        gather = time.process_time() - start
        start = time.process_time()
        build_ledger(data, write_only=True).save(Path(tmp) / "ledger.xlsx")
        build = time.process_time() - start
        rss = peak_rss_mb()  # the export's own peak, before the comparison allocates anything
        raw = _raw_seconds(data, Path(tmp) / "raw.xlsx")
        db.engine.dispose()
    return {"seconds": gather + build, "gather_s": gather, "build_s": build, "raw_s": raw, "ratio": build / raw,
            "tasks": len(data.tasks), "peak_rss_mb": rss}


def probe_zip(mb: int) -> dict:
    from tests.bench.bench_export import package_peak

    with tempfile.TemporaryDirectory() as folder:
        files = max(1, mb // 8)
        start = time.perf_counter()
        package_peak(Path(folder), files, 8 * 1024 * 1024)
        return {"seconds": time.perf_counter() - start, "mb": files * 8}


def main() -> None:
    job = sys.argv[1]
    if job == "import":
        result = probe_import()
    elif job == "export":
        result = probe_export(sys.argv[2])
    else:
        result = probe_zip(int(sys.argv[3]) if len(sys.argv) > 3 else 512)
    result.setdefault("peak_rss_mb", peak_rss_mb())
    print(json.dumps(result, default=lambda o: o.isoformat() if isinstance(o, date | datetime) else str(o)))


if __name__ == "__main__":
    main()
