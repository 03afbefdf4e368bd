"""Lint a project file: schema, cross-references and domain rules, with stable rule ids."""

from cdc.linting import (  # noqa: F401  (importing registers the rules)
    rules_consultation,
    rules_contract,
    rules_evaluation,
    rules_execution,
    rules_gdpr,
    rules_governance,
    rules_privacy,
    rules_requirements,
    rules_schema,
    rules_text,
    rules_transition,
)
from cdc.linting.engine import LintResult, lint_loaded, lint_paths
from cdc.linting.registry import CATEGORIES, RULES, Rule, find_rule

__all__ = ["CATEGORIES", "RULES", "LintResult", "Rule", "find_rule", "lint_loaded", "lint_paths"]
