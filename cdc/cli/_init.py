"""``cdc init``: choose how the answers come (terminal, defaults, file), write, say what next.

The work is in :mod:`cdc.init`; this module only decides between the three ways of answering,
refuses early what cannot succeed (an existing file, an unwritable folder, a wizard with no
terminal to talk to), and prints the summary.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

from cdc.core.errors import EXIT_OK, InputError, UsageError
from cdc.init.catalog import Lang, TemplateName


def run_init(
    directory: Path,
    *,
    template: TemplateName | None,
    lang: Lang | None,
    defaults: bool,
    answers: Path | None,
    force: bool,
    today: dt.date | None = None,
) -> int:
    """Write ``DIRECTORY/cdc.yaml`` from the answers; returns the exit code."""
    from cdc import api
    from cdc.core.fsutil import write_atomic

    target = api.init_target(directory, force=force)
    day = today or dt.date.today()
    if answers is not None:
        if answers.resolve() == target.resolve():
            raise UsageError(f"--answers {answers}: is the file to write; choose another one")
        try:
            result = api.init_answers(answers, template=template, language=lang, today=day)
        except api.AnswersInvalid as exc:
            # One finding a line, in the form editors parse; then the one-line verdict.
            sys.stderr.write("".join(f.text() + "\n" for f in exc.findings))
            raise InputError(exc.summary) from None
    elif defaults:
        result = api.init_answers(None, template=template, language=lang, today=day)
    else:
        for stream, name in ((sys.stdin, "input"), (sys.stdout, "output")):
            if not stream.isatty():
                raise UsageError(
                    f"standard {name} is not a terminal, so the wizard cannot ask its questions: "
                    "use --defaults (every default) or --answers FILE (answers in YAML)"
                )
        result = api.init_wizard(template, lang, day, target)
    text = api.init_text(result)
    write_atomic(target, text, force=force)
    _summary(target, text, result.template.value, result.language.value)
    return EXIT_OK


def _summary(target: Path, text: str, template: str, language: str) -> None:
    """What was written, what is left to decide, and the next three commands."""
    from cdc.api import check
    from cdc.core.findings import Severity

    findings = check(target).findings
    errors = [f for f in findings if f.effective_severity is Severity.error]
    todos = sum(1 for f in findings if f.rule == "STR006")
    clauses = sum(1 for f in findings if f.rule == "CON005")
    others = sum(1 for f in findings if f.effective_severity is Severity.warning) - todos - clauses
    path = shlex.quote(str(target))
    lines = [
        f"wrote {target} ({text.count(chr(10))} lines, template {template}, language {language})",
        f"lint: {len(errors)} error(s); {todos} TODO marker(s) to fill in, "
        f"{clauses} contract clause(s) to settle"
        + (f", {others} other warning(s)" if others else ""),
        "",
        "Next:",
    ]
    out = target.parent / "out"
    steps = [
        (f"cdc lint {path}", "lists what is left to decide, line by line"),
        (f"cdc render {path} --format html", f"builds the documents into {out}/"),
        (f"cdc render {path} --format pdf", "once the example requirements are yours"),
    ]
    width = max(len(command) for command, _ in steps) + 2
    lines += [f"  {command:<{width}}# {why}" for command, why in steps]
    for finding in errors:
        lines.insert(2, finding.text())
    sys.stderr.write("\n".join(lines) + "\n")
