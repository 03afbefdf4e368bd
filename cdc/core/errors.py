"""The one exception hierarchy of cdc, and the exit code each kind maps to.

Library code raises these; only :mod:`cdc.cli` turns them into messages and exit codes, so a
user never sees a traceback for bad input (exit 1) or bad usage (exit 2). Anything else that
escapes is a bug (exit 3).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CdcError(Exception):
    """Root of every error cdc expects and reports without a traceback."""

    exit_code = EXIT_INVALID


class UsageError(CdcError):
    """The command line asks for something impossible: a missing file, a bad option value."""

    exit_code = EXIT_USAGE


class InputError(CdcError):
    """An input file exists but cannot be used as it is."""

    exit_code = EXIT_INVALID


class OutputError(CdcError):
    """An output cannot be written (exists without --force, unwritable folder…)."""

    exit_code = EXIT_INVALID
