"""`make bench`: the synthetic city at 1/5 and at full size, every figure of issue 16, the JSON last.

    python -m tests.bench                          # everything (about 5 minutes on 2 cores)
    python -m tests.bench tests.bench.bench_sweep  # one module by name, with its defaults
"""
import runpy
import sys

from tests.bench.report import main

if __name__ == "__main__":
    if len(sys.argv) > 1:
        for name in sys.argv[1:]:
            print(f"\n=== {name}", flush=True)
            sys.argv = [name]  # each benchmark parses its own options: run it with its defaults
            runpy.run_module(name, run_name="__main__")
    else:
        main()
