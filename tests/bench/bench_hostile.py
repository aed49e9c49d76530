"""Hostile-input benchmark: `python -m tests.bench.bench_hostile [--mutations 1000] [--seed 1] [--skip-large]`.

Feeds the list, unit-registry and indicators readers the hand-made hostile workbooks and `--mutations` seeded
random mutations of a valid one each (the list reader also of a Word document and of an old .xls), then the
issue's full-size exhaustion files (a 150 MB cell, 11.7 million shared strings, 100,000 rows). Every file is
read in a forked child, so that a hang, a crash or a memory blow-up is measured rather than suffered: the
child's peak RSS above an idle forked child's (wait4), its wall time, and its outcome — read, refused cleanly
(a Chinese reason), or crashed (any other exception, a 60 s timeout, a kill).
Prints figures (`--json`: then one JSON line of them, for `make bench`); asserts nothing.
"""
import argparse
import json
import os
import re
import resource
import signal
import time
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from tests.documents.builders import LIST_ROWS, docx_bytes, xls_bytes
from tests.xlsx.hostile import (
    SHEET,
    STRINGS,
    byte_corpus,
    corpus,
    handmade,
    indicators_workbook,
    list_workbook,
    registry_workbook,
    sheet_xml,
    with_part,
)
from tracker.imports.parser import read_list
from tracker.indicators.importing import read_rows
from tracker.units.registry_io import read_registry
from tracker.xlsx.reading import ImportFileError

READERS = {"list": (read_list, list_workbook), "registry": (read_registry, registry_workbook),
           "indicators": (read_rows, indicators_workbook)}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT_S = 60
MEMORY_CAP = 4 << 30  # a child that wants more is stopped (counted as crashed)


@dataclass
class Outcome:
    label: str
    result: str  # read | refused | crashed:<why>
    seconds: float
    peak_mb: float
    reason: str = ""


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, prefix: str) -> int:
        return sum(o.result.startswith(prefix) for o in self.outcomes)


def _child(read, data: bytes, out: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    signal.alarm(TIMEOUT_S)
    try:
        read(data)
        code, text = 0, ""
    except ImportFileError as exc:
        code, text = (2, str(exc)) if CHINESE.search(str(exc)) else (3, f"refused without a reason: {exc}")
    except BaseException as exc:  # noqa: BLE001 — what the benchmark counts
        code, text = 3, f"{type(exc).__name__}: {exc}"[:300]
    os.write(out, text.encode()[:4000])
    os._exit(code)


def _idle_child_kb() -> int:
    """The peak RSS of a child that does nothing: what a forked child starts with."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    return os.wait4(pid, 0)[2].ru_maxrss


def run_case(read, label: str, data: bytes) -> Outcome:
    """Read `data` in a forked child; its outcome, wall time and peak RSS above an idle child."""
    base = _idle_child_kb()
    rfd, wfd = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        _child(read, data, wfd)
    os.close(wfd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    text = os.read(rfd, 4000).decode(errors="replace")
    os.close(rfd)
    peak_mb = max(usage.ru_maxrss - base, 0) / 1024
    if os.WIFSIGNALED(status):
        why = "timeout" if os.WTERMSIG(status) == signal.SIGALRM else f"signal {os.WTERMSIG(status)}"
        return Outcome(label, f"crashed:{why}", seconds, peak_mb)
    code = os.WEXITSTATUS(status)
    result = {0: "read", 2: "refused"}.get(code, "crashed:" + text.split(":")[0])
    return Outcome(label, result, seconds, peak_mb, text)


def _grid(columns: int, text: str) -> bytes:
    """A header and 5,000 rows of `columns` inline-text cells."""
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c><c r="B1" t="inlineStr"><is><t>创建任务</t>'
              '</is></c><c r="C1" t="inlineStr"><is><t>责任单位</t></is></c></row>')
    rows = [header] + [f'<row r="{r}">' + "".join(f'<c r="{get_column_letter(c)}{r}" t="inlineStr"><is><t>{text}{r}'
                                                 "</t></is></c>" for c in range(1, columns + 1)) + "</row>"
                       for r in range(2, 5002)]
    return sheet_xml("".join(rows))


def large_cases() -> dict[str, bytes]:
    """The issue's exhaustion files at full size, and the largest files the caps still let through."""
    seed = list_workbook()
    cell = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>' + "a" * (150 * 1024 * 1024) + "</t></is></c></row>")
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>a</t></si>" * 11_700_000 + b"</sst>")
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>任务{r}</t></is></c><c r="B{r}" t="inlineStr">'
                   f"<is><t>区卫健局</t></is></c></row>" for r in range(1, 100_001))
    return {"one 150 MB cell": with_part(seed, SHEET, cell),
            "11.7 million shared strings": with_part(seed, STRINGS, strings),
            "100,000 rows": with_part(seed, SHEET, sheet_xml(rows)),
            "accepted: 5,000 × 19 cells": with_part(seed, SHEET, _grid(19, "区卫健局")),
            "accepted: 5,000 × 2 × 1,000 chars": with_part(seed, SHEET, _grid(2, "甲" * 1000))}


def _kb(data: bytes) -> str:
    return f"{len(data) / 1024:,.0f} KB"


def bench_reader(name: str, mutations: int, seed: int) -> Tally:
    read, make_seed = READERS[name]
    seed_bytes = make_seed()
    tally = Tally()
    for label, build in handmade(seed_bytes).items():
        tally.outcomes.append(run_case(read, f"hand-made: {label}", build()))
    for label, data in corpus(seed_bytes, mutations, rng_seed=seed):
        tally.outcomes.append(run_case(read, label, data))
    return tally


def bench_documents(mutations: int, seed: int) -> dict[str, Tally]:
    """The list reader fed mutated Word documents and old .xls workbooks (no hand-made set: they are xlsx)."""
    docx, xls = docx_bytes(LIST_ROWS), xls_bytes(LIST_ROWS, merges=[(1, 2, 0, 0)])
    tallies = {}
    for name, cases in (("list-docx", corpus(docx, mutations, rng_seed=seed)),
                        ("list-xls", byte_corpus(xls, mutations, rng_seed=seed))):
        tallies[name] = Tally([run_case(read_list, label, data) for label, data in cases])
    return tallies


def report(name: str, tally: Tally, figures: dict) -> None:
    outs = tally.outcomes
    crashed = [o for o in outs if o.result.startswith("crashed")]
    print(f"{name} reader: {len(outs):,} malformed or hostile files tried — "
          f"{len(outs) - len(crashed):,} read or refused cleanly ({tally.count('refused'):,} refused, "
          f"{tally.count('read'):,} read as a workbook), {len(crashed)} crashed")
    slow = max(outs, key=lambda o: o.seconds)
    big = max(outs, key=lambda o: o.peak_mb)
    print(f"  worst time:   {slow.seconds:6.2f} s  ({slow.label}, {slow.result})")
    print(f"  worst memory: {big.peak_mb:6.1f} MB above the parent ({big.label}, {big.result})")
    for o in crashed[:10]:
        print(f"  CRASHED {o.label}: {o.result} {o.reason[:120]}")
    figures[f"hostile_{name}_tried"] = len(outs)
    figures[f"hostile_{name}_refused"] = tally.count("refused")
    figures[f"hostile_{name}_crashed"] = len(crashed)
    figures[f"hostile_{name}_worst_s"] = round(slow.seconds, 3)
    figures[f"hostile_{name}_worst_peak_mb"] = round(big.peak_mb, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mutations", type=int, default=1000, help="random mutations per reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-large", action="store_true", help="leave out the full-size exhaustion files")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON holding every figure")
    args = parser.parse_args()
    figures: dict = {}
    for name in READERS:
        report(name, bench_reader(name, args.mutations, args.seed), figures)
    for name, tally in bench_documents(args.mutations, args.seed).items():
        report(name, tally, figures)
    if not args.skip_large:
        print("full-size files (list reader): the issue's exhaustion files, then the largest the caps accept")
        for i, (label, data) in enumerate(large_cases().items()):
            o = run_case(read_list, label, data)
            print(f"  {label:30} ({_kb(data):>8}): {o.result:8} in {o.seconds:5.2f} s, peak {o.peak_mb:6.1f} MB"
                  f"  {o.reason[:70]}")
            figures[f"hostile_large_{i}_s"], figures[f"hostile_large_{i}_peak_mb"] = round(o.seconds, 3), \
                round(o.peak_mb, 1)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
