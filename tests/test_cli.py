"""The command line as users run it: exit codes, formats, outputs, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdc import __version__
from tests.conftest import EXAMPLES, ROOT, CliCall, Run

MINIMAL = (ROOT / "tests/cases/positive/minimal/cdc.yaml").read_text(encoding="utf-8")


def test_version(cli: CliCall) -> None:
    run: Run = cli("--version")
    assert run.code == 0
    assert run.out == f"cdc {__version__}\n"


def test_python_dash_m_and_console_script_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cdc", "--version"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"cdc {__version__}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_lint_clean(cli: CliCall, example: Path) -> None:
    run: Run = cli("lint", "--strict", str(example))
    assert run.code == 0, run.out
    assert run.out == ""
    assert "0 errors, 0 warnings" in run.err


def test_lint_defaults_to_cdc_yaml_in_the_current_folder(cli: CliCall, tmp_path: Path) -> None:
    (tmp_path / "cdc.yaml").write_text(MINIMAL, encoding="utf-8")
    run: Run = cli("lint", cwd=tmp_path)
    assert run.code == 0


@pytest.mark.parametrize("suffix", ["bogus_key: 1\n", "project:\n  id: again\n"])
def test_unknown_or_duplicate_key_appended_to_an_example_exits_1(
    cli: CliCall,
    tmp_path: Path,
    suffix: str,
) -> None:
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        target = tmp_path / example.parent.name / "cdc.yaml"
        target.parent.mkdir()
        target.write_text(text + suffix, encoding="utf-8")
        line = text.count("\n") + 1
        run: Run = cli("lint", "cdc.yaml", cwd=target.parent)
        assert run.code == 1
        assert f"cdc.yaml:{line}:1: error SCH00" in run.out


def test_warnings_fail_only_under_strict(cli: CliCall, tmp_path: Path) -> None:
    (tmp_path / "cdc.yaml").write_text(
        MINIMAL.replace("Historique unique", "Historique intuitif"), encoding="utf-8"
    )
    assert cli("lint", cwd=tmp_path).code == 0
    strict: Run = cli("lint", "--strict", cwd=tmp_path)
    assert strict.code == 1
    assert "warning REQ004" in strict.out


def test_several_files_in_one_run(cli: CliCall, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL + "oops: 1\n", encoding="utf-8")
    run: Run = cli("lint", "a.yaml", "b.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out.startswith("b.yaml:")
    assert "in 2 files" in run.err


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_output_file_is_written(cli: CliCall, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "cdc.yaml").write_text(MINIMAL + "oops: 1\n", encoding="utf-8")
    run: Run = cli("lint", "--format", fmt, "--output", "report.out", cwd=tmp_path)
    assert run.code == 1
    assert run.out == ""
    content = (tmp_path / "report.out").read_text(encoding="utf-8")
    assert "SCH003" in content


def test_output_never_overwrites_an_input(cli: CliCall, tmp_path: Path) -> None:
    (tmp_path / "cdc.yaml").write_text(MINIMAL, encoding="utf-8")
    run: Run = cli("lint", "-o", "cdc.yaml", cwd=tmp_path)
    assert run.code == 2
    assert (tmp_path / "cdc.yaml").read_text(encoding="utf-8") == MINIMAL


def test_output_into_an_unwritable_place(cli: CliCall, tmp_path: Path) -> None:
    (tmp_path / "cdc.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    run: Run = cli("lint", "-o", "blocker/report.txt", cwd=tmp_path)
    assert run.code == 1
    assert "cannot write" in run.err
    assert "Traceback" not in run.err


def test_list_rules_text_and_json(cli: CliCall) -> None:
    text: Run = cli("lint", "--list-rules")
    assert text.code == 0 and "REQ004" in text.out
    js: Run = cli("lint", "--list-rules", "--format", "json")
    rules = json.loads(js.out)["rules"]
    assert {"id", "severity", "category", "summary"} <= set(rules[0])
    bad: Run = cli("lint", "--list-rules", "--format", "sarif")
    assert bad.code == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("lint", "missing.yaml"), "no such file"),
        (("lint", "."), "is a folder"),
        (("lint", "--format", "pdf", "x.yaml"), "Invalid value"),
        (("nonsense",), "No such command"),
        (("lint", "--no-such-option"), "No such option"),
    ],
)
def test_usage_errors_exit_2(
    cli: CliCall, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    run: Run = cli(*args, cwd=tmp_path)
    assert run.code == 2
    assert fragment in run.err
    assert "Traceback" not in run.err


def test_internal_error_exits_3_in_one_line(
    cli: CliCall, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import cdc.linting

    def boom(paths: list[Path]) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(cdc.linting, "lint_paths", boom)
    (tmp_path / "cdc.yaml").write_text(MINIMAL, encoding="utf-8")
    run: Run = cli("lint", cwd=tmp_path)
    assert run.code == 3
    assert run.err.count("\n") == 1
    assert "internal error" in run.err and "--debug" in run.err
    debug: Run = cli("--debug", "lint", cwd=tmp_path)
    assert debug.code == 3
    assert "Traceback" in debug.err


def test_schema_check_and_write(cli: CliCall, tmp_path: Path) -> None:
    stale: Run = cli("schema", "--check", "--output", str(tmp_path))
    assert stale.code == 1
    assert "project.schema.json" in stale.err
    written: Run = cli("schema", "--output", str(tmp_path))
    assert written.code == 0
    fresh: Run = cli("schema", "--check", "--output", str(tmp_path))
    assert fresh.code == 0


def test_lint_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from cdc.cli import main\n"
        f"main(['lint', {str(EXAMPLES[0])!r}])\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'openpyxl', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.splitlines()[-1] == "HEAVY:"
