"""Export benchmark: `python -m tests.bench.bench_export [--tasks 5000] [--units 5] [--package-mb 1024]`.

1. CPU time of the ledger of 5,000 tasks / 25,000 assignments built by `build_ledger` (write-only), against raw
   openpyxl write-only writing the same cells (values and styles) in the same run; the target is within 1.5×.
2. Peak Python memory while writing evidence packages of two sizes: it must not grow with the package.
"""
import argparse
import os
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from tracker.exports.evidence_package import write_package
from tracker.exports.ledger import _ledger_values, build_ledger, ledger_columns
from tracker.exports.package_plan import plan_package
from tracker.exports.records import EvidenceFile, LedgerData, PackageData, TaskRecord, UnitSummary, UnitWork
from tracker.exports.styles import STYLE_SPECS

CATEGORIES = ["领导重视", "政策支持", "扩大供给", "监管服务", "创新融合"]


def ledger_data(tasks: int, units: int) -> LedgerData:
    records = []
    for i in range(tasks):
        names = tuple(f"区第{(i + k) % 40}局" for k in range(units))
        work = tuple(UnitWork(n, "lead" if k == 0 else "co", "in_progress", f"已完成第{i}项工作的{k}部分，正在推进",
                              "经费不足" if k % 2 else "", "下月完成", "通过" if k == 0 else "")
                     for k, n in enumerate(names))
        records.append(TaskRecord(i + 1, i * len(CATEGORIES) // tasks + 1, CATEGORIES[i * len(CATEGORIES) // tasks],
                                  f"第{i}项创建任务：完善婴幼儿照护服务政策体系并组织实施", date(2022, 6, 30),
                                  names, work, Decimal(5), Decimal(4), i % 7))
    summaries = [UnitSummary(f"区第{u}局", 100, 500, 10, 20, 3, 4) for u in range(40)]
    return LedgerData("汉滨区创建省级婴幼儿照护服务示范城区", date(2022, 8, 20), records, summaries, [])


def time_ledger(data: LedgerData, path: Path) -> float:
    start = time.process_time()
    build_ledger(data, write_only=True).save(path)
    return time.process_time() - start


def time_raw(data: LedgerData, path: Path, styled: bool) -> float:
    """What a hand-written openpyxl write-only export of the same cells costs."""
    rows = [_ledger_values(t, data.uses_points) for t in data.tasks]  # the same values, prepared outside the timing
    styles = [style for _, _, style in ledger_columns(data)]
    start = time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("责任清单")
    from openpyxl.cell import WriteOnlyCell

    for values in rows:
        if not styled:
            ws.append(values)
            continue
        cells = []
        for value, style in zip(values, styles, strict=True):
            cell = WriteOnlyCell(ws, value)
            for attr, spec in STYLE_SPECS[style].items():
                setattr(cell, attr, spec)
            cells.append(cell)
        ws.append(cells)
    wb.save(path)
    return time.process_time() - start


def package_peak(folder: Path, files: int, size: int) -> tuple[float, float]:
    """(seconds, peak MB of Python memory) writing a package of `files` files of `size` bytes."""
    block = os.urandom(1024 * 1024)
    entries = []
    for i in range(files):
        path = folder / f"f{i}.pdf"
        with path.open("wb") as f:
            for _ in range(size // len(block)):
                f.write(block)
        entries.append(EvidenceFile(i, path.name, f"佐证材料{i}.pdf", "", "pdf", size, "0" * 64, date(2022, 1, 1),
                                    datetime(2022, 1, 2), "联络员", None, f"区第{i % 5}局", i // 10 + 1,
                                    f"任务{i // 10}", 1, "领导重视"))
    plan = plan_package(PackageData("测试", date(2022, 8, 20), entries), lambda name: folder / name)
    tracemalloc.start()
    start = time.process_time()
    write_package(plan, folder / "out.zip")
    elapsed = time.process_time() - start
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    for p in folder.iterdir():
        p.unlink()
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--units", type=int, default=5)
    parser.add_argument("--package-mb", type=int, default=1024)
    args = parser.parse_args()
    data = ledger_data(args.tasks, args.units)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw_plain = time_raw(data, tmp / "plain.xlsx", styled=False)
        raw_styled = time_raw(data, tmp / "raw.xlsx", styled=True)
        ours = time_ledger(data, tmp / "ledger.xlsx")
        print(f"ledger: {args.tasks} tasks / {args.tasks * args.units} assignments")
        print(f"  build_ledger (write-only, 3 sheets):      {ours:6.2f} s")
        print(f"  raw openpyxl write-only, same styled cells: {raw_styled:6.2f} s  → ratio {ours / raw_styled:.2f}×"
              f" (target ≤ 1.5×)")
        print(f"  raw openpyxl write-only, values only:       {raw_plain:6.2f} s  → ratio {ours / raw_plain:.2f}×")
        small_t, small_peak = package_peak(tmp, 20, 1024 * 1024)
        files = max(1, args.package_mb // 8)
        big_t, big_peak = package_peak(tmp, files, 8 * 1024 * 1024)
        print("evidence package (peak Python memory while writing):")
        print(f"  20 MB  (20 files):       {small_t:6.2f} s, peak {small_peak:6.1f} MB")
        print(f"  {files * 8} MB ({files} files): {big_t:6.2f} s, peak {big_peak:6.1f} MB")


if __name__ == "__main__":
    main()
