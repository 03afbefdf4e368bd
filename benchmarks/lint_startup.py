"""Time ``cdc lint`` against the interpreter's start-up floor, side by side.

Usage: ``.venv/bin/python benchmarks/lint_startup.py [--runs N]``. Each command runs N times in
turn (interleaved, so a busy machine slows all of them alike); the table gives the median wall
time and its ratio to ``python -c "import yaml, pydantic"``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> dict[str, list[str]]:
    """The commands compared, by label."""
    python = sys.executable
    cdc = str(Path(python).parent / "cdc")
    return {
        "floor: python -c 'import yaml, pydantic'": [python, "-c", "import yaml, pydantic"],
        "cdc --version": [cdc, "--version"],
        "cdc lint examples/saas-crm-en": [cdc, "lint", "examples/saas-crm-en/cdc.yaml"],
        "cdc lint examples/contact-center": [cdc, "lint", "examples/contact-center/cdc.yaml"],
    }


def measure(runs: int) -> dict[str, list[float]]:
    """Wall times of every command, interleaved run by run."""
    times: dict[str, list[float]] = {label: [] for label in commands()}
    for _ in range(runs):
        for label, argv in commands().items():
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, capture_output=True, check=False)
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
