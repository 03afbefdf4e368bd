"""Positive and negative example folders, discovered automatically.

Each folder under ``tests/cases/{positive,negative}/NAME/`` holds a ``cdc.yaml`` (or a path
that is deliberately missing, a folder, or bad bytes) and an ``expected.txt``:

- the first line is ``# exit N`` (the expected exit code of ``cdc lint cdc.yaml``);
- optional ``# stderr: TEXT`` lines, each a substring expected on standard error;
- an optional ``# args: ARGS`` line: the command to run instead of ``lint cdc.yaml`` (the
  execution log's rules run in ``cdc follow --check --as-of DATE``, whose findings depend on
  the date);
- every other line is expected, verbatim and in order, on standard output.

``cdc lint`` runs from inside the folder so paths read ``cdc.yaml:LINE:COL``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CASES, CliCall, Run

CASE_DIRS = sorted(p.parent for p in CASES.glob("*/*/expected.txt"))


def case_args(path: Path) -> list[str]:
    """The command line of a case: ``lint cdc.yaml`` unless an ``# args:`` line says otherwise."""
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("# args: "):
            return line.removeprefix("# args: ").split()
    return ["lint", "cdc.yaml"]


def parse_expected(path: Path) -> tuple[int, list[str], list[str]]:
    """Exit code, stderr substrings and stdout lines of a case."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# exit "), f"{path}: first line must be '# exit N'"
    code = int(lines[0].removeprefix("# exit "))
    stderr = [
        line.removeprefix("# stderr: ") for line in lines[1:] if line.startswith("# stderr: ")
    ]
    stdout = [line for line in lines[1:] if not line.startswith(("# stderr: ", "# args: "))]
    return code, stderr, stdout


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path, cli: CliCall) -> None:
    code, stderr, stdout = parse_expected(case / "expected.txt")
    run: Run = cli(*case_args(case / "expected.txt"), cwd=case)
    assert run.out.splitlines() == stdout
    for fragment in stderr:
        assert fragment in run.err
    assert "Traceback" not in run.err
    assert run.code == code


def test_positive_cases_are_clean() -> None:
    for case in CASES.glob("positive/*/expected.txt"):
        code, _, stdout = parse_expected(case)
        assert code == 0 and stdout == [], f"{case.parent.name}: a positive case has no finding"


def test_cases_exist() -> None:
    assert len(CASE_DIRS) > 10
