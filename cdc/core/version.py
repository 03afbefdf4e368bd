"""cdc's version, in the lowest stage so that every stage can print it without importing the
package's face (:mod:`cdc`, which offers the API). The build reads it here (pyproject.toml)."""

__version__ = "0.1.0"
