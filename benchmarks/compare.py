"""Compare two versions of cdc on the same project, run by run, to measure an optimisation.

``python benchmarks/compare.py BEFORE [AFTER] [--size 1000] [--runs 3] [--only WORD]``

BEFORE and AFTER are git revisions (AFTER defaults to the working tree). Each is checked out
in a temporary worktree and run with this interpreter (``PYTHONPATH`` points at it, so the
dependencies installed in the current environment serve both). Commands alternate — before,
after, before, after… — so a shared machine that slows down or speeds up during the run weighs
on both sides alike; separate runs of ``run.py`` minutes apart differ by up to 50 % here.
The table gives the medians and the after/before ratio. PDF is left out unless ``--only pdf``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import Editor, child_env, commands, prepare, run_once  # noqa: E402


def checkout(revision: str | None, into: Path) -> Path:
    """A worktree of ``revision``, or the working tree itself for None."""
    if revision is None:
        return ROOT
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(into), revision], cwd=ROOT, check=True
    )
    return into


def main(argv: list[str] | None = None) -> None:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=None)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="Only commands whose label has this word.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cdc-compare-") as tmp:
        base = Path(tmp)
        trees = {
            "before": checkout(args.before, base / "before"),
            "after": checkout(args.after, base / "after"),
        }
        try:
            # the older version's generator: a project both versions read (a newer generator
            # may write fields the older one refuses, and a refused project returns at once)
            folder = prepare(args.size, 20, base / "projects", tree=trees["before"])
            picked = {
                label: argv_
                for label, argv_ in commands(folder).items()
                if label.startswith("cdc")
                and (args.only in label if args.only else "pdf" not in label)
            }
            times: dict[tuple[str, str], list[float]] = {}
            failed: set[tuple[str, str]] = set()
            with Editor(folder / "cdc.yaml") as editor:
                for label, argv_ in picked.items():  # a command's runs in a row: its cache
                    for _ in range(args.runs + 1):  # the first round warms caches, untimed
                        for side, tree in trees.items():
                            env = child_env(label, base / f"cache-{side}", PYTHONPATH=str(tree))
                            editor.before(label)
                            wall, _, _, ok = run_once(argv_, folder, env)
                            times.setdefault((label, side), []).append(wall)
                            if not ok:
                                failed.add((label, side))
            print(f"{args.size} requirements; before {args.before}, after {args.after or 'HEAD+'}")
            print(f"{'command':<48} {'before s':>9} {'after s':>9} {'after/before':>13}")
            for label in picked:
                b = statistics.median(times[(label, "before")][1:])
                a = statistics.median(times[(label, "after")][1:])
                sides = [side for side in trees if (label, side) in failed]
                note = f"  FAILED ({', '.join(sides)}): not comparable" if sides else ""
                print(f"{label:<48} {b:>9.3f} {a:>9.3f} {a / b:>12.2f}x{note}")
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(
                        ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
                    )


if __name__ == "__main__":
    main()
