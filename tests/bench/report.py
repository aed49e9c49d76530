"""The whole benchmark: pages at two sizes against bare Flask, the sweep, the importer, the ledger, a package.

Prints a readable table, then — as its last line — one JSON object with every figure. Asserts nothing.
SQLite in a temporary file by default; BENCH_DATABASE_URL=postgresql+psycopg://… for a PostgreSQL server.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from tests.bench.bench_pages import PAGES, REFERENCE, dispose, measure_pages, populated_app

SIZES = (("_small", 0.2), ("", 1.0))
SECONDS, ROUNDS = 0.4, 4


def probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.bench.probes", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    if done.returncode:
        raise SystemExit(f"probe {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def city_figures(scale: float, suffix: str, results: dict, tables: dict) -> None:
    tmp = tempfile.mkdtemp(prefix="bench-city-")
    app, city, url = populated_app(scale, tmp)
    print(f"city at {scale:g}: {city.tasks} tasks, {city.assignments} assignments, {city.evidence} evidence;"
          f" built in {city.build_s:.1f} s; sweep {city.sweep_s:.2f} s", flush=True)
    try:
        figures = measure_pages(app, city, SECONDS, ROUNDS)
        for f in figures:
            results[f"ratio_{f.key}{suffix}"] = round(f.ratio, 4)
            results[f"cpu_ratio_{f.key}{suffix}"] = round(f.cpu_ratio, 4)
            results[f"queries_{f.key}{suffix}"] = f.queries
            results[f"queries_cold_{f.key}{suffix}"] = f.queries_cold
            results[f"kb_{f.key}{suffix}"] = round(f.kb, 1)
        tables[suffix] = {f.key: f for f in figures}
        results[f"sweep_s{suffix}"] = round(city.sweep_s, 3)
        results[f"assignments{suffix}"] = city.assignments
        if not suffix:
            export = probe("export", url)
            results.update(export_ratio=round(export["ratio"], 3), export_s=round(export["seconds"], 2),
                           export_gather_s=round(export["gather_s"], 2),
                           export_peak_rss_mb=round(export["peak_rss_mb"], 1))
    finally:
        dispose(app, url)


def print_table(tables: dict, results: dict) -> None:
    small, full = tables["_small"], tables[""]
    print(f"\n{'page':<18} {'path':<20} {'user':<7} {'ratio 1/5':>9} {'ratio full':>10} {'growth':>7}"
          f" {'cpu 1/5':>8} {'cpu full':>8} {'queries':>9} {'cold':>9} {'KB full':>8}")
    for key in (*PAGES, REFERENCE):
        s, f = small[key], full[key]
        print(f"{key:<18} {f.path:<20} {f.user:<7} {s.ratio:9.3f} {f.ratio:10.3f} {s.ratio / f.ratio - 1:+7.0%}"
              f" {s.cpu_ratio:8.3f} {f.cpu_ratio:8.3f}"
              f" {s.queries:4d}/{f.queries:<4d} {s.queries_cold:4d}/{f.queries_cold:<4d} {f.kb:8.1f}")
    print(f"\nsweep: {results['sweep_s_small']:.2f} s at {results['assignments_small']} assignments,"
          f" {results['sweep_s']:.2f} s at {results['assignments']}")
    print(f"import of 1,000 rows: {results['import_1000_rows_s']:.2f} s, peak RSS {results['import_peak_rss_mb']:.0f} MB")
    print(f"ledger export: build {results['export_ratio']:.2f}× raw openpyxl write-only (gather"
          f" {results['export_gather_s']:.2f} s), peak RSS {results['export_peak_rss_mb']:.0f} MB")
    print(f"evidence package of {results['evidence_zip_mb']} MB: {results['evidence_zip_s']:.1f} s,"
          f" peak RSS {results['evidence_zip_peak_rss_mb']:.0f} MB")


def hostile_figures() -> dict:
    """tests/bench/bench_hostile.py in its own process (it forks a child per file): its table, then its figures."""
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_hostile", "--mutations", "500", "--json"],
                         check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.getcwd()}).stdout.strip().splitlines()
    print("\n".join(out[:-1]), flush=True)
    return json.loads(out[-1])


def main() -> None:
    start = time.perf_counter()
    results: dict = {"database": os.environ.get("BENCH_DATABASE_URL", "sqlite").split("://")[0]}
    tables: dict = {}
    for suffix, scale in SIZES:
        city_figures(scale, suffix, results, tables)
    imported = probe("import")
    results.update(import_1000_rows_s=round(imported["seconds"], 2),
                   import_peak_rss_mb=round(imported["peak_rss_mb"], 1))
    package = probe("zip", "--mb", "512")
    results.update(evidence_zip_mb=package["mb"], evidence_zip_s=round(package["seconds"], 1),
                   evidence_zip_peak_rss_mb=round(package["peak_rss_mb"], 1))
    results["ratio_dashboard"] = min(results["ratio_dashboard"], results["ratio_dashboard_leader"])
    results["ratio_dashboard_small"] = min(results["ratio_dashboard_small"], results["ratio_dashboard_leader_small"])
    results.update(hostile_figures())
    results["bench_s"] = round(time.perf_counter() - start, 1)
    print_table(tables, results)
    print(f"total {results['bench_s']:.0f} s")
    print(json.dumps(results, ensure_ascii=False))
