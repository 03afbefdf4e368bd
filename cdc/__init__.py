"""cdc — cahier des charges as code.

One YAML file describes a procurement project; cdc checks it (:mod:`cdc.linting`), builds the
consultation's documents from it, and scores the vendors' answers. The command line
(:mod:`cdc.cli`) is a thin layer over these library functions.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
