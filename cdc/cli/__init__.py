"""The ``cdc`` command line: Typer commands that parse options and call library functions.

Exit codes (every command): 0 success; 1 invalid input or findings at error level (warning
level with ``--strict``); 2 usage error; 3 internal error (a bug: one line, the traceback only
with ``--debug``). :func:`main` is the one place exceptions become messages and exit codes.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence

from cdc.core.errors import EXIT_INTERNAL, EXIT_USAGE, CdcError


def _print_error(message: str) -> None:
    """The message, each of its lines escaped: it may quote a user's or a vendor's text."""
    from cdc.core.safetext import safe_message

    sys.stderr.write(f"cdc: error: {safe_message(message)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    # cdc uses no Pydantic plugin; looking for them scans every installed package's entry points
    # (28 ms here, more in a large environment) on the first validation. Typer does the same.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    return _guarded(lambda: _dispatch(args), debug)


def _dispatch(args: list[str]) -> int:
    """Every command, ``cdc lint`` included, goes through the one Typer application."""
    import typer

    from cdc.cli._app import app  # Typer is imported here, not at package import

    if args[:1] == ["lint"]:
        from cdc.cli._lint import remembered

        code = remembered(app, args[1:])
        if code is not None:
            return code

    try:
        from typer._click.exceptions import ClickException  # typer vendors click
    except ImportError:  # pragma: no cover - older typer depends on click
        from click.exceptions import ClickException  # type: ignore[no-redef,import-not-found]

    try:
        result = app(args=args, prog_name="cdc", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("cdc: aborted\n")
        return 130
    except ClickException as exc:
        exc.show()
        return EXIT_USAGE if exc.exit_code == 2 else int(exc.exit_code)
    return int(result or 0)


def _guarded(run: Callable[[], int], debug: bool) -> int:
    """Expected errors become one message and their exit code; a bug becomes one line."""
    try:
        return run()
    except CdcError as exc:
        _print_error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("cdc: interrupted\n")
        return 130
    except Exception as exc:  # a bug: say so in one line
        if debug:
            traceback.print_exc()
        from cdc.core.safetext import safe_output

        sys.stderr.write(
            f"cdc: internal error: {type(exc).__name__}: {safe_output(str(exc))} "
            "(this is a bug; run again with --debug for the traceback)\n"
        )
        return EXIT_INTERNAL
