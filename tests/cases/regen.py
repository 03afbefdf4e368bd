"""Rewrite the expected.txt of the named case folders from cdc's current output.

Use only after reading the new output: ``python -m tests.cases.regen negative/NAME …``
prints each case's new expectation so it can be reviewed in the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from cdc.cli import main

CASES = Path(__file__).resolve().parent


def regenerate(name: str) -> str:
    """Run ``cdc lint cdc.yaml`` in the case folder and write its expected.txt."""
    folder = CASES / name
    old = Path.cwd()
    out, err = io.StringIO(), io.StringIO()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["lint", "cdc.yaml"])
    finally:
        os.chdir(old)
    text = f"# exit {code}\n{out.getvalue()}"
    (folder / "expected.txt").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        sys.stdout.write(f"== {arg}\n{regenerate(arg)}")
