"""Fingerprints of what vendors answer: one hash for the whole grid, one per requirement.

The response grid stores these in its hidden ``cdc`` sheet. When answered grids come back, the
scoring code recomputes them from the current project file and compares: an equal content hash
means the vendor answered exactly this version; otherwise the per-requirement hashes say WHICH
requirements changed since. This module is pure (no openpyxl) so that the scoring code can
import it without pulling in the spreadsheet writer.

Canonical form, so that the hash changes when the vendor-visible meaning changes and only then:

* texts have their runs of white space collapsed to one space and are stripped (re-wrapping a
  YAML block, or switching ``|`` to ``>-``, does not change what the vendor reads);
* numbers are written in plain decimal without trailing zeros (``100`` and ``100.0`` are equal);
* the JSON is dumped with sorted keys, no spaces and UTF-8 (``ensure_ascii=False``) and hashed
  with SHA-256.

What is hashed (see :func:`grid_payload`): every requirement's id, section id, title, text,
priority and response type, in catalogue order; the compliance scale (id, label, points,
not-compliant flag); the price settings (method, years, VAT basis, currency); the open questions
(id, text); and :data:`GRID_FORMAT`. Rationales, tags, criteria and the rest of the file do not
change what a vendor answers and are left out.

The evaluation method (criteria and weights, scale points, price method and bounds, policies,
tie-breaks, rounding) does not change what a vendor answers but what its answers are worth: it
has its own fingerprint (:func:`method_hash`) and canonical payload (:func:`method_text`),
stored in the grid so that a change made after the bids can be named
(:mod:`cdc.scoring.method_change`).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from cdc.model import Project
from cdc.model.needs import Requirement

#: Version of the grid layout and of the hashed payload; bump it when either changes.
GRID_FORMAT = 1

#: Length of the per-requirement hashes (hex digits): short enough to read, ample to compare.
SHORT_HASH = 12


def _text(value: str | None) -> str:
    """White space collapsed, so that re-wrapping a YAML block does not change the hash."""
    return " ".join((value or "").split())


def _number(value: Decimal | int | None) -> str | None:
    """``100`` and ``100.0`` are the same number for a vendor: one canonical spelling."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _digest(payload: Any) -> str:
    return hashlib.sha256(_canonical(payload)).hexdigest()


def requirement_payload(requirement: Requirement) -> dict[str, str]:
    """The part of a requirement a vendor answers to (and nothing else)."""
    return {
        "id": requirement.id,
        "section": requirement.section,
        "title": _text(requirement.title),
        "text": _text(requirement.text),
        "priority": requirement.priority.value,
        "response": requirement.response.value,
    }


def grid_payload(project: Project) -> dict[str, Any]:
    """Everything the response grid asks vendors to answer, in canonical form."""
    evaluation = project.evaluation
    scale = [
        {
            "id": level.id,
            "label": _text(level.label),
            "points": _number(level.points),
            "not_compliant": level.not_compliant,
        }
        for level in (evaluation.scale if evaluation else [])
    ]
    price = evaluation.price if evaluation else None
    expectations = project.vendor_expectations
    return {
        "format": GRID_FORMAT,
        "requirements": [requirement_payload(r) for r in project.requirements],
        "scale": scale,
        "price": {
            "method": price.method.value if price else None,
            "years": price.years if price else None,
            "vat": price.vat.value if price else None,
            "currency": project.project.currency,
        },
        "questions": [
            {"id": q.id, "text": _text(q.text)}
            for q in (expectations.questions if expectations else [])
        ],
    }


def grid_hash(project: Project) -> str:
    """SHA-256 (64 hex digits) of the canonical JSON of :func:`grid_payload`."""
    return _digest(grid_payload(project))


def requirement_hashes(project: Project) -> dict[str, str]:
    """Requirement id → short hash of what the vendor answers to, in catalogue order.

    Should two requirements share an id (lint reports it as an error), the last one wins.
    """
    return {r.id: _digest(requirement_payload(r))[:SHORT_HASH] for r in project.requirements}


# -- the evaluation method ----------------------------------------------------------------------
#: Version of the method payload; bump it when :func:`method_payload` changes shape.
METHOD_FORMAT = 1

#: Longest method payload stored in the grid (a spreadsheet cell holds 32,767 characters);
#: beyond it only the hash is stored, and a change is reported without its details.
METHOD_PAYLOAD_MAX = 32_000


def method_payload(project: Project) -> dict[str, Any]:
    """How answers are turned into a ranking, in canonical form (what must not move after bids).

    Vendors answer the requirements (:func:`grid_payload`), but the evaluation method — criteria
    tree and weights, scale points, priority weights, price method and bounds, minimum technical
    score, elimination and missing-answer policies, tie-breaks, rounding — is what a losing
    bidder will hold the buyer to. Titles and descriptions are left out: they do not score.
    """
    evaluation = project.evaluation
    if evaluation is None:
        return {"format": METHOD_FORMAT, "evaluation": None}
    criteria: list[dict[str, Any]] = []

    def walk(nodes: list[Any], parent: str | None) -> None:
        for node in nodes:
            criteria.append(
                {
                    "id": node.id,
                    "parent": parent,
                    "weight": _number(node.weight),
                    "kind": node.kind.value if node.kind else None,
                }
            )
            walk(node.children, node.id)

    walk(evaluation.criteria, None)
    price = evaluation.price
    return {
        "format": METHOD_FORMAT,
        "criteria": criteria,
        "scale": [
            {"id": lv.id, "points": _number(lv.points), "not_compliant": lv.not_compliant}
            for lv in evaluation.scale
        ],
        "priority_weights": {p.value: _number(w) for p, w in evaluation.priority_weights.items()},
        "price": None
        if price is None
        else {
            "method": price.method.value,
            "years": price.years,
            "vat": price.vat.value,
            "best_price": _number(price.best_price),
            "ceiling": _number(price.ceiling),
        },
        "min_technical_score": _number(evaluation.min_technical_score),
        "must_eliminates": evaluation.must_eliminates,
        "missing_must": evaluation.missing_must.value,
        "missing_answers": evaluation.missing_answers.value,
        "tie_break": [t.value for t in evaluation.tie_break],
        "aggregation": evaluation.aggregation.value,
        "judgement_scale_max": evaluation.judgement_scale_max,
        "rounding": evaluation.rounding,
    }


def method_text(project: Project) -> str:
    """The canonical JSON of :func:`method_payload` (what the grid stores to explain a change)."""
    return _canonical(method_payload(project)).decode("utf-8")


def method_hash(project: Project) -> str:
    """SHA-256 (64 hex digits) of :func:`method_text`."""
    return _digest(method_payload(project))


def text_hash(text: str) -> str:
    """SHA-256 of a stored payload's text (checks that a recorded method was not edited)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
