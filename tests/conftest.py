"""Shared fixtures: paths to the examples and case folders, and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from hypothesis import HealthCheck, settings

from cdc.cli import main

# Property tests: no deadline (shared machines are noisy); derandomised in CI so a run is
# reproducible; more examples there.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# cdc's cache (lint reports, checked projects) is off for the suite, so every test lints for
# real and nothing is written to the user's cache folder; the ``cache`` fixture turns it on.
os.environ["CDC_NO_CACHE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/*/cdc.yaml"))
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"


@dataclass
class Run:
    """Outcome of one CLI invocation."""

    code: int
    out: str
    err: str


class CliCall(Protocol):
    """Signature of the ``cli`` fixture."""

    def __call__(self, *args: str, cwd: Path | None = None) -> Run: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[CliCall]:
    """Call ``cdc`` in-process (the same entry point as the console script)."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            capsys.readouterr()
            code = main(list(args))
            captured = capsys.readouterr()
        finally:
            os.chdir(old)
        return Run(code, captured.out, captured.err)

    yield run


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cdc's cache turned on, in a folder of the test's."""
    folder = tmp_path / "cache"
    monkeypatch.delenv("CDC_NO_CACHE", raising=False)
    monkeypatch.setenv("CDC_CACHE_DIR", str(folder))
    return folder


def settle(folder: Path) -> None:
    """Date every file and folder under ``folder`` a minute back, as a project saved earlier.

    cdc caches nothing about a file modified since just before the run (the racy-file rule of
    ``cdc.cache.Dependencies.racy``); tests that expect a cache hit settle what they wrote.
    """
    import time

    past = time.time() - 60
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (past, past))
