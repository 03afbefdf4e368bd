"""Scoring messages: codes and params from the engine, worded in English and from labels.yaml.

Every code of :data:`cdc.scoring.messages.CODES` is produced here by the engine itself (one small
scoring run per situation), then checked against both ``labels.yaml`` files: each code has a
phrase, and each phrase only names params the engine gives.
"""

from __future__ import annotations

import json
import string
from decimal import Decimal
from functools import cache

import pytest

from cdc.grid.fingerprint import grid_hash, method_hash, method_text, requirement_hashes
from cdc.model import Project
from cdc.model.responses import AnsweredVersion, EvaluatorNotes, Response
from cdc.reading.responses.read import version_warning
from cdc.rendering.fmt import Formatter
from cdc.rendering.score.wording import Wording
from cdc.rendering.templating import load_labels
from cdc.scoring import ScoreReport, score_project
from cdc.scoring.messages import CODES, KINDS, SAME_VERSION, SUFFIXES, Message, english
from cdc.scoring.method_change import method_warning
from cdc.scoring.report import to_data
from tests.test_scoring import NOTES, VENDORS, notes, project, response

D = Decimal
LANGS = ("fr", "en")


def collect(report: ScoreReport) -> list[Message]:
    """Every message of a report: warnings, withdrawals and each vendor's reasons."""
    out = [*report.warnings, *report.withdrawals]
    for v in report.vendors:
        out.extend(v.elimination_reasons)
        out.extend(v.divergences)
        out.extend(m for m in (v.not_ranked_reason, v.tie_note) if m is not None)
    return out


@cache
def scenarios() -> tuple[tuple[Project, tuple[Message, ...]], ...]:
    """(project, messages) for situations that, together, produce every code."""
    runs: list[tuple[Project, list[Message]]] = []

    def run(
        p: Project, responses: list[tuple[Response, str]], sheets: list[EvaluatorNotes]
    ) -> ScoreReport:
        report = score_project(p, responses, sheets)
        runs.append((p, collect(report)))
        return report

    # eliminated, divergence, relative_price, effective_price (no_notes: the runs without notes)
    base = project()
    run(base, VENDORS, notes(A=(5, 1), B=(3, 3), C=(5, 5)))
    # abnormally_low (A: 100 against 160), two_bids_min_max (B, the dearer of two)
    run(
        project(price={"method": "linear_min_max", "years": 1}),
        [response("A", ["full"] * 3, 100), response("B", ["full"] * 3, 160)],
        [],
    )
    # withdrawal, zero_price, no_price
    run(
        project(price={"method": "linear_min_max", "years": 1}),
        [
            response("A", ["full"] * 3, 100),
            response("B", ["full", "full", "partial"], 110),
            response("C", ["full", "partial", "partial"], 300),
            response("Zero", ["full"] * 3, 0),
            (response("NoPrice", ["full"] * 3, 1)[0].model_copy(update={"prices": []}), "N.yaml"),
        ],
        notes(A=(1, 1), B=(5, 5), C=(5, 5)),
    )
    # no_withdrawal_effect
    run(
        base,
        [
            response("A", ["full"] * 3, 100),
            response("B", ["full"] * 3, 300),
            response("D", ["full", "full", "partial"], 320),
        ],
        [],
    )
    # flat_price: a band so wide that a price three times higher loses 2 % of the price points
    run(
        project(price={"method": "absolute_band", "best_price": 50, "ceiling": 10_050}),
        [response("A", ["full"] * 3, 100), response("B", ["full"] * 3, 300)],
        [],
    )
    # not_ranked
    run(
        project(min_technical_score=50),
        [response("A", ["full"] * 3, 100), response("Low", ["partial", "no", "no"], 10)],
        notes(A=(5, 5), Low=(0, 0)),
    )
    # tie (tie_break: by the price, in the linear_min_max run above)
    run(
        project(price={"method": "absolute_band", "best_price": 50, "ceiling": 150}),
        [response("A", ["full"] * 3, 100), response("B", ["full"] * 3, 100)],
        [],
    )
    # no_answer (a must-have left blank), blank_excluded (a should-have left blank, excluded)
    run(
        project(missing_answers="exclude"),
        [response("A", ["full"] * 3, 100), response("Blank", [None, None, "full"], 100)],
        [],
    )
    # other_version (with changed requirements), no_version
    older = Response.model_validate(
        {
            "vendor": "Old",
            "project": AnsweredVersion(
                id="t", version="0.9", hash="0" * 16, requirements={"R-001": "x", "R-009": "y"}
            ),
        }
    )
    unsaid = Response.model_validate({"vendor": "Unsaid"})
    versions = [version_warning(older, "old.xlsx", base), version_warning(unsaid, "u.yaml", base)]
    # method_changed: answered under a method whose price weighed 30, not 40
    before = project(
        criteria=[
            {
                "id": "tech",
                "title": "Technical value",
                "weight": 70,
                "children": [
                    {"id": "func", "title": "Functions", "weight": 50},
                    {"id": "demo", "title": "Demonstration", "weight": 50, "kind": "judgement"},
                ],
            },
            {"id": "price", "title": "Price", "weight": 30, "kind": "price"},
        ]
    )
    made = Response.model_validate(
        {
            "vendor": "Made",
            "project": AnsweredVersion(
                id="t",
                version="1",
                hash=grid_hash(base),
                method_hash=method_hash(before),
                method=method_text(before),
            ),
        }
    )
    versions.append(method_warning(made, "made.xlsx", base))
    runs.append((base, [m for m in versions if m is not None]))
    # changed_rows_decisive (A answered an older R-001, a must-have: "not compliant" eliminates
    # it), changed_rows (B answered an older R-003, a could-have: it stays second either way)
    hashes = requirement_hashes(base)

    def stale(answered: tuple[Response, str], row: str) -> tuple[Response, str]:
        older = AnsweredVersion(id="t", version="0.9", requirements={**hashes, row: "0" * 12})
        return answered[0].model_copy(update={"project": older}), answered[1]

    run(
        base,
        [
            stale(response("A", ["full"] * 3, 100), "R-001"),
            stale(response("B", ["full"] * 3, 300), "R-003"),
        ],
        [],
    )
    return tuple((p, tuple(messages)) for p, messages in runs)


def messages() -> list[Message]:
    return [m for _, found in scenarios() for m in found]


def placeholders(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


def test_the_engine_produces_every_code() -> None:
    assert {m.code for m in messages()} == set(CODES)


def test_params_are_declared_and_have_a_kind() -> None:
    for m in messages():
        assert set(m.params) == set(CODES[m.code])
    assert {p for params in CODES.values() for p in params} == set(KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_has_a_phrase_and_no_phrase_is_stale(lang: str) -> None:
    phrases = load_labels(lang)["score"]["phrase"]
    expected = set(CODES) | {phrase for phrase, _ in SUFFIXES.values()} | {SAME_VERSION}
    assert set(phrases) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_phrases_only_name_params_the_engine_gives(lang: str) -> None:
    labels = load_labels(lang)
    phrases = labels["score"]["phrase"]
    for p, found in scenarios():
        wording = Wording(labels, Formatter(lang), score_project(p, [], []).scoring)
        for m in found:
            names = [m.code]
            if m.code in SUFFIXES:
                names.append(SUFFIXES[m.code][0])
            for name in names:
                assert placeholders(phrases[name]) <= set(m.params), (lang, name, m.params)
                # the documented way to word it works: every placeholder gets a value
                str(phrases[name]).format(**wording.params(m))
            sentence = wording.phrase(m)
            assert "{" not in sentence and "}" not in sentence, sentence


def test_documents_word_params_for_their_language() -> None:
    p = project()
    scoring = score_project(p, [], []).scoring
    fr = Wording(load_labels("fr"), Formatter("fr"), scoring)
    en = Wording(load_labels("en"), Formatter("en"), scoring)
    flag = Message(
        "divergence",
        {"vendor": "A", "criterion": "demo", "spread": D("62.5"), "notes": [("e1", D("4.5"))]},
    )
    assert fr.phrase(flag) == (
        "A — Demonstration : les notes des évaluateurs s'écartent de 62,5\u202f% de l'échelle "
        "(One : 4,5)"
    )
    assert en.phrase(flag) == (
        "A — Demonstration: the evaluators' notes spread over 62.5% of the scale (One: 4.5)"
    )
    out = Message("eliminated", {"id": "R-001", "title": "One", "answer": "no"})
    assert fr.phrase(out) == "R-001 (One) : réponse « Not compliant » à une exigence impérative"
    changed = Message(
        "other_version",
        {"source": "o.xlsx", "version": "0.9", "project": "t", "current": "1", "changed": ["R-1"]},
    )
    assert en.phrase(changed) == (
        "o.xlsx answers version 0.9 of t, not the current version 1; requirements changed since: R-1"
    )
    assert en.phrase(Message("other_version", {**changed.params, "changed": []})) == (
        "o.xlsx answers version 0.9 of t, not the current version 1"
    )
    # the project changed without a new version number: no "version 1, not version 1"
    same = Message("other_version", {**changed.params, "version": "1"})
    assert en.phrase(same) == (
        "o.xlsx answers a different text of version 1 of t (the version number was not bumped)"
        "; requirements changed since: R-1"
    )
    assert fr.phrase(same).startswith("o.xlsx répond à un autre texte de la version 1 du projet t")
    assert english(same).startswith(
        "o.xlsx: answered a different text of version 1 of t (the version number was not bumped)"
    )


def test_english_keeps_the_published_wording() -> None:
    """The JSON, CSV and terminal sentences other tools read, one per code."""
    by_code: dict[str, str] = {}
    for m in messages():  # the first message of each code
        by_code.setdefault(m.code, english(m))
    assert by_code == {
        "eliminated": "R-001 (One) answered 'no' on a must-have requirement",
        "divergence": "A: demo: evaluators' notes spread over 80 % of the scale (e1 5, e2 1)",
        "relative_price": (
            "the price method (proportional) is relative: each bid's price note depends on "
            "the other bids, so withdrawing a bid can reorder the others"
        ),
        "effective_price": (
            "price weighs 40 % on paper but accounts for 57 % of the spread between the bids"
        ),
        "abnormally_low": (
            "A's price is 33.3 % below the mean of the other bids (screen: 20 %): it may be "
            "abnormally low; ask the vendor to justify it in writing before any rejection "
            "(Public Procurement Code L2152-5 and following)"
        ),
        "two_bids_min_max": (
            "with only two bids the linear min-max formula gives the dearer one (B) 0 price "
            "points whatever the gap"
        ),
        "flat_price": (
            "the price formula barely separates the bids: the lowest price is 67 % below the "
            "highest, but price notes differ by only 2 % of the price points"
        ),
        "withdrawal": (
            "withdrawing C's bid would change the ranking: B > A > Zero > NoPrice becomes "
            "A > B > Zero > NoPrice"
        ),
        "zero_price": "zero or negative total price for Zero: no price note given",
        "no_price": "no price sheet for NoPrice: price note 0",
        "no_withdrawal_effect": "withdrawing any one losing bid does not change the ranking",
        "not_ranked": "technical score 12.50 is below the minimum 50",
        "tie": "A: ties with B at 50.00 points: no declared tie-break separates them",
        "tie_break": "NoPrice: ranked after Zero on an equal total (30.00 points) by tie-break: price",
        "method_changed": (
            "made.xlsx: the evaluation method changed since version 1 was answered: weight of "
            "criterion tech changed from 70 to 60; weight of criterion price changed from 30 "
            "to 40"
        ),
        "other_version": (
            "old.xlsx: answered version 0.9 of t, not the current version 1; changed since: "
            "R-001, R-002, R-003, R-009"
        ),
        "changed_rows": (
            "B.yaml: B did not answer the current text of R-003; the ranking does not depend on "
            "these rows (their best or worst answer leaves it unchanged)"
        ),
        "changed_rows_decisive": (
            "A.yaml: A did not answer the current text of R-001; the ranking depends on these "
            "rows (their best or worst answer changes it): ask the vendor to confirm its answers "
            "to the current text"
        ),
        "no_version": (
            "u.yaml: the response does not say which version of the specification it answers"
        ),
        "no_answer": "R-001 (One): no answer to a must-have requirement",
        "no_notes": "demo: no evaluator note for A, B; this judgement criterion counts 0 for them",
        "blank_excluded": (
            "Blank: left R-002 unanswered: excluded from its notes and the weights re-normalised "
            "(missing_answers: exclude), so a blank may score better than an honest "
            "'not compliant'"
        ),
    }
    tie = next(m for m in messages() if m.code == "tie")
    assert (
        english(tie, scoped=True)
        == "ties with B at 50.00 points: no declared tie-break separates them"
    )
    assert str(tie) == english(tie)


def test_json_gives_the_sentences_and_the_details() -> None:
    report = score_project(
        project(min_technical_score=50),
        [*VENDORS, response("Low", ["partial", "no", "no"], 10)],
        notes(A=(5, 1), B=(3, 3), C=(5, 5), Low=(0, 0)),
        warnings=[Message("no_version", {"source": "u.yaml"})],
    )
    data = json.loads(json.dumps(to_data(report)))  # JSON-safe all the way
    assert data["warnings"] == [english(m) for m in report.warnings]
    assert [d["code"] for d in data["warning_details"]] == [m.code for m in report.warnings]
    spread = next(d for d in data["warning_details"] if d["code"] == "divergence")
    assert spread["params"] == {
        "vendor": "A",
        "criterion": "demo",
        "spread": 80.0,
        "notes": [{"evaluator": "e1", "note": 5.0}, {"evaluator": "e2", "note": 1.0}],
    }
    rows = {v["vendor"]: v for v in data["ranking"]}
    assert rows["C"]["elimination_reasons"] == [
        "R-001 (One) answered 'no' on a must-have requirement"
    ]
    assert rows["C"]["elimination_details"] == [
        {"code": "eliminated", "params": {"id": "R-001", "title": "One", "answer": "no"}}
    ]
    assert rows["A"]["elimination_details"] == []
    assert rows["A"]["evaluator_divergences"][0].startswith("demo: evaluators' notes")
    assert rows["Low"]["not_ranked_reason"].startswith("technical score ")


def test_message_refuses_unknown_codes_and_wrong_params() -> None:
    with pytest.raises(ValueError, match="unknown scoring message code"):
        Message("something_else", {})
    with pytest.raises(ValueError, match="takes vendor"):
        Message("tie", {})
    with pytest.raises(ValueError, match="takes vendor"):
        Message("tie", {"vendor": "A", "extra": 1})


def test_the_monte_carlo_spread_is_recorded_and_printed() -> None:
    from cdc.cli._score_table import score_table
    from cdc.rendering.score.context import score_context

    report = score_project(project(), VENDORS, NOTES, monte_carlo_runs=20, spread=D("0.1"))
    assert report.monte_carlo_spread == D("0.1")
    assert "Monte Carlo (±10 % on every weight" in score_table(report)
    assert to_data(report)["sensitivity"]["monte_carlo"]["spread_pct"] == 10.0
    context = score_context(report, load_labels("fr"))
    assert context.monte_carlo is not None and context.monte_carlo.spread == 10
    assert score_project(project(), VENDORS, NOTES).monte_carlo_spread == D("0.2")
