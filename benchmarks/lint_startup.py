"""Time ``cdc lint`` against the interpreter's start-up floor, side by side.

Usage: ``.venv/bin/python benchmarks/lint_startup.py [--runs N]``. Each command runs N times in
turn (interleaved, so a busy machine slows all of them alike); the table gives the median wall
time and its ratio to ``python -c "import yaml, pydantic"``.

Each example is linted twice: cold (``CDC_NO_CACHE=1``: every run builds the Pydantic models,
as the first lint after a change does) and cached (the project unchanged since the last lint:
the report is served by :func:`cdc.api.lint_report` once Typer has parsed the command line, as
for every command, without loading the models or the rules). ``cdc --version`` is the cost of
the command line itself (Typer, which imports Pydantic for its parameters). The cache folder is
a temporary one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> dict[str, tuple[list[str], bool]]:
    """The commands compared, by label, and whether cdc's cache is on for them."""
    python = sys.executable
    cdc = str(Path(python).parent / "cdc")
    found: dict[str, tuple[list[str], bool]] = {
        "floor: python -c 'import yaml, pydantic'": (
            [python, "-c", "import yaml, pydantic"],
            False,
        ),
        "cdc --version": ([cdc, "--version"], False),
    }
    for example in ("saas-crm-en", "contact-center"):
        argv = [cdc, "lint", f"examples/{example}/cdc.yaml"]
        found[f"cdc lint {example}, cold"] = (argv, False)
        found[f"cdc lint {example}, cached"] = (argv, True)
    return found


def measure(runs: int) -> dict[str, list[float]]:
    """Wall times of every command, interleaved run by run (one untimed run primes the cache)."""
    times: dict[str, list[float]] = {label: [] for label in commands()}
    with tempfile.TemporaryDirectory() as cache:
        cached = dict(os.environ, CDC_CACHE_DIR=cache)
        cold = dict(os.environ, CDC_NO_CACHE="1")
        for n in range(runs + 1):
            for label, (argv, use_cache) in commands().items():
                start = time.perf_counter()
                env = cached if use_cache else cold
                subprocess.run(argv, cwd=ROOT, capture_output=True, check=False, env=env)
                if n:
                    times[label].append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times = measure(args.runs)
    floor = statistics.median(next(iter(times.values())))
    print(f"{'command':<45} {'median':>8} {'ratio':>6}")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<45} {median * 1000:>6.0f}ms {median / floor:>5.2f}x")


if __name__ == "__main__":
    main()
