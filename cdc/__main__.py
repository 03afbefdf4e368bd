"""``python -m cdc`` and the ``cdc`` console script."""

from __future__ import annotations

import sys

from cdc.cli import main as _main


def main() -> None:
    """Console-script entry point: exit with the CLI's code."""
    sys.exit(_main())


if __name__ == "__main__":
    main()
