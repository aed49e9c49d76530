"""`make bench`: every benchmark, each printing its own figures (ratios measured within one run)."""
import runpy
import sys

BENCHES = ("tests.bench.bench_sweep", "tests.bench.bench_export")

if __name__ == "__main__":
    for name in sys.argv[1:] or BENCHES:
        print(f"\n=== {name}", flush=True)
        sys.argv = [name]  # each benchmark parses its own options: run it with its defaults
        runpy.run_module(name, run_name="__main__")
