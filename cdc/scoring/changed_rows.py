"""Responses to an older version: which rows they answered differently, and whether it matters.

A response records the short hash of every requirement as it answered it (the grid's hidden
sheet, or ``project.requirements`` in a YAML response). Rows whose hash differs from the current
text's, and rows added since, were not answered as they now read. Whether the ranking depends
on them is decided by trying both extremes: the vendor's answers on those rows replaced by the
best, then by the worst answer the scale allows (an added row: answered either way). If neither
changes the ranking — the order of the ranked vendors and who is eliminated — the buyer can
decide without waiting; otherwise the vendor must confirm its answers to the current text.
"""

from __future__ import annotations

from cdc.grid.fingerprint import requirement_hashes
from cdc.model.enums import ResponseType
from cdc.model.needs import Requirement
from cdc.model.responses import Answer, EvaluatorNotes, Response
from cdc.scoring.engine import score_vendors
from cdc.scoring.messages import Message
from cdc.scoring.results import Scoring, VendorResult


def changed_rows(response: Response, scoring: Scoring) -> list[str]:
    """Current requirements the response did not answer as they now read, in catalogue order.

    Empty when the response records no per-requirement hashes (nothing to compare with) or
    answered exactly the current text.
    """
    answered = response.project
    if answered is None or not answered.requirements:
        return []
    now = requirement_hashes(scoring.project)
    return [rid for rid, h in now.items() if answered.requirements.get(rid) != h]


def _extreme(scoring: Scoring, req: Requirement, best: bool) -> str | None:
    """The best or worst answer a requirement accepts (None: not a scored answer)."""
    if req.response is ResponseType.yes_no:
        return "yes" if best else "no"
    if req.response is not ResponseType.compliance or not scoring.evaluation.scale:
        return None
    levels = sorted(scoring.evaluation.scale, key=lambda lv: (lv.points, not lv.not_compliant))
    return (levels[-1] if best else levels[0]).id


def _with_extremes(response: Response, scoring: Scoring, rows: list[str], best: bool) -> Response:
    by_id = {r.id: r for r in scoring.project.requirements}
    answers = {a.id: a for a in response.answers}
    for rid in rows:
        value = _extreme(scoring, by_id[rid], best)
        if value is None:
            continue
        answers[rid] = Answer(id=rid, compliance=value)
    order = [r.id for r in scoring.project.requirements if r.id in answers]
    order += [rid for rid in answers if rid not in by_id]
    return response.model_copy(update={"answers": [answers[rid] for rid in order]})


def _outcome(results: list[VendorResult]) -> tuple[tuple[str, ...], frozenset[str]]:
    """What the ranking decides: ranked vendors in order, and who is out."""
    ranked = sorted((r for r in results if r.competing), key=lambda r: (r.rank or 0, r.vendor))
    return tuple(r.vendor for r in ranked), frozenset(r.vendor for r in results if not r.competing)


def ranking_depends(
    scoring: Scoring,
    responses: list[tuple[Response, str]],
    notes: list[EvaluatorNotes],
    index: int,
    rows: list[str],
    baseline: list[VendorResult],
) -> bool:
    """Whether the best or the worst answers on ``rows`` of response ``index`` change the outcome."""
    expected = _outcome(baseline)
    response, source = responses[index]
    for best in (True, False):
        trial = list(responses)
        trial[index] = (_with_extremes(response, scoring, rows, best), source)
        if _outcome(score_vendors(scoring, trial, notes)) != expected:
            return True
    return False


def changed_rows_messages(
    scoring: Scoring,
    responses: list[tuple[Response, str]],
    notes: list[EvaluatorNotes],
    baseline: list[VendorResult],
) -> list[Message]:
    """One message per response that answered rows differently from the current text."""
    out = []
    for index, (response, source) in enumerate(responses):
        rows = changed_rows(response, scoring)
        if not rows:
            continue
        decisive = ranking_depends(scoring, responses, notes, index, rows, baseline)
        code = "changed_rows_decisive" if decisive else "changed_rows"
        out.append(Message(code, {"source": source, "vendor": response.vendor, "changed": rows}))
    return out
