"""The award (``cdc.scoring.award``) and its documents on hand-made bids.

The rejection letter names the winning bid's relative advantages: they must be exactly the
criteria where the winner won more (published) points than that bidder, never one where it did
not. The standstill period follows the procedure and the decisions file; the decisions file is
read with located errors; warnings are matched to the buyer's answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.model import Project
from cdc.model.award import AwardDecisions
from cdc.model.enums import Language, ProcedureKind, Procurement
from cdc.reading.award import load_decisions
from cdc.rendering.award import award_documents
from cdc.rendering.writers.markdown import to_markdown
from cdc.scoring import score_project
from cdc.scoring.award import Award, award, criterion_points
from cdc.scoring.messages import Message
from tests.conftest import ROOT
from tests.test_scoring import notes, project, response


def public(p: Project, procedure: str | None = None) -> Project:
    """The project as a public procurement (optionally with its procedure)."""
    kind = None if procedure is None else ProcedureKind(procedure)
    info = p.project.model_copy(update={"procurement": Procurement.public, "procedure": kind})
    return p.model_copy(update={"project": info})


def scored(
    bids: dict[str, tuple[list[str], int]],
    demo: dict[str, tuple[int, int]],
    *,
    p: Project | None = None,
    decisions: AwardDecisions | None = None,
) -> Award:
    report = score_project(
        p or project(),
        [response(v, list[str | None](answers), price) for v, (answers, price) in bids.items()],
        notes(**demo),
    )
    return award(report, decisions)


def ahead_by_hand(a: Award, vendor: str) -> set[str]:
    """Leaf criteria where the winner's published points exceed ``vendor``'s."""
    s = a.scoring
    assert a.winner is not None
    bid = next(v for v in a.report.vendors if v.vendor == vendor)
    return {
        leaf.criterion.id
        for leaf in s.leaves
        if s.round(criterion_points(s, a.winner, leaf.criterion.id))
        > s.round(criterion_points(s, bid, leaf.criterion.id))
    }


def test_the_rejection_letter_names_exactly_the_criteria_where_the_winner_is_ahead() -> None:
    # W: every requirement met, good demo, cheapest; L: partial functions, best demo, a little
    # dearer; T: every requirement met, weak demo, twice the price.
    a = scored(
        {
            "W": (["full", "full", "full"], 90_000),
            "L": (["full", "partial", "partial"], 95_000),
            "T": (["full", "full", "full"], 200_000),
        },
        {"W": (4, 4), "L": (5, 5), "T": (2, 2)},
    )
    assert a.winner is not None and a.winner.vendor == "W"
    loser = a.letter("L")
    assert loser.kind == "rejection" and loser.rank == 2
    # W is ahead of L on functions (7.5 points) and price (2.11), not on the demo
    assert [x.id for x in loser.advantages] == ["func", "price"]
    assert {x.id for x in loser.advantages} == ahead_by_hand(a, "L")
    third = a.letter("T")
    assert {x.id for x in third.advantages} == {"demo", "price"} == ahead_by_hand(a, "T")
    # largest gap first
    gaps = [x.gap for x in third.advantages]
    assert gaps == sorted(gaps, reverse=True) and all(g > 0 for g in gaps)
    # the winner's letter has no advantages to give; the requirements come from the comparison
    assert a.letter("W").kind == "award" and a.letter("W").advantages == []
    assert [r.id for r in loser.requirements] == ["R-002", "R-003"]
    assert all(r.points > 0 for r in loser.requirements)


def test_the_letter_prints_the_advantages_and_only_them() -> None:
    a = scored(
        {"W": (["full", "full", "full"], 90_000), "L": (["full", "partial", "partial"], 95_000)},
        {"W": (4, 4), "L": (5, 5)},
    )
    text = to_markdown(award_documents(a).letters["L"])
    advantages = text.split("où elle obtient plus de points")[1].split("\n\n")[1]
    assert "Functions" in advantages and "Price" in advantages
    assert "Demonstration" not in advantages


@given(
    answers=st.lists(
        st.lists(st.sampled_from(["full", "partial"]), min_size=3, max_size=3),
        min_size=2,
        max_size=4,
    ),
    prices=st.lists(st.integers(50_000, 300_000), min_size=4, max_size=4),
    demo=st.lists(st.integers(0, 5), min_size=8, max_size=8),
)
def test_advantages_are_the_criteria_ahead_for_any_bids(
    answers: list[list[str]], prices: list[int], demo: list[int]
) -> None:
    bids = {f"V{n}": (a, prices[n]) for n, a in enumerate(answers)}
    marks = {f"V{n}": (demo[2 * n], demo[2 * n + 1]) for n in range(len(answers))}
    a = scored(bids, marks)
    assert a.winner is not None
    for letter in a.letters:
        if letter.kind != "rejection":
            continue
        assert {x.id for x in letter.advantages} == ahead_by_hand(a, letter.vendor)
        for x in letter.scores:  # every figure is the bid's published points and the winner's
            bid = next(v for v in a.report.vendors if v.vendor == letter.vendor)
            assert x.points == a.scoring.round(criterion_points(a.scoring, bid, x.id))
            assert x.winner_points == a.scoring.round(
                criterion_points(a.scoring, a.winner, x.id)
            )


def test_an_eliminated_bid_is_told_the_requirement_that_eliminated_it() -> None:
    a = scored(
        {"W": (["full", "full", "full"], 100_000), "X": (["no", "full", "full"], 50_000)},
        {"W": (4, 4), "X": (5, 5)},
    )
    x = a.letter("X")
    assert x.kind == "elimination" and x.rank is None and x.advantages == []
    assert x.reasons == [Message("eliminated", {"id": "R-001", "title": "One", "answer": "no"})]
    text = to_markdown(award_documents(a).letters["X"])
    assert "R-001 (One)" in text and "exigence impérative" in text and "PROJET" in text


def test_a_bid_below_the_minimum_technical_score_is_told_the_rule() -> None:
    p = project(min_technical_score=60)
    a = scored(
        {"W": (["full", "full", "full"], 100_000), "N": (["full", "partial", "partial"], 50_000)},
        {"W": (4, 4), "N": (0, 0)},
        p=p,
    )
    n = a.letter("N")
    assert n.kind == "elimination" and [m.code for m in n.reasons] == ["not_ranked"]
    assert "note technique minimale" in to_markdown(award_documents(a).letters["N"])


@pytest.mark.parametrize(
    ("procurement", "procedure", "means", "days"),
    [
        ("public", None, "electronic", 11),
        ("public", "open_tender", "postal", 16),
        ("public", "adapted", "electronic", None),
        ("private", None, "electronic", None),
    ],
)
def test_the_standstill_period_follows_the_procedure_and_the_notification(
    procurement: str, procedure: str | None, means: str, days: int | None
) -> None:
    p = public(project(), procedure) if procurement == "public" else project()
    decisions = AwardDecisions.model_validate({"notification": means, "notified": "2027-06-04"})
    a = scored({"W": (["full"] * 3, 1), "L": (["partial"] * 3, 1)}, {}, p=p, decisions=decisions)
    assert a.standstill.days == days and a.standstill.applies is (days is not None)
    if days is not None:
        assert a.standstill.ends == dt.date(2027, 6, 4) + dt.timedelta(days=days)
    declared = AwardDecisions.model_validate({"standstill": False})
    assert not scored({"W": (["full"] * 3, 1)}, {}, p=p, decisions=declared).standstill.applies


def test_warnings_are_matched_to_the_buyers_answers_and_the_rest_are_gaps() -> None:
    bids = {"W": (["full"] * 3, 100_000), "L": (["partial"] * 3, 90_000), "T": (["full"] * 3, 1)}
    bare = scored(bids, {"W": (0, 5), "L": (3, 3), "T": (3, 3)})
    codes = [w.message.code for w in bare.warnings]
    assert "divergence" in codes and all(w.answer is None for w in bare.warnings)
    assert {"committee", "meeting", "decision", "signatory", "warnings"} <= set(bare.gaps)
    decisions = AwardDecisions.model_validate(
        {
            "committee": [{"name": "Ann"}],
            "meeting": "2027-06-01",
            "decision": "2027-06-02",
            "signatory": {"name": "Ann"},
            "warnings": [
                *({"code": c, "answer": "Checked."} for c in codes if c != "divergence"),
                {"code": "divergence", "vendor": "W", "criterion": "demo", "answer": "Seen."},
                {"code": "divergence", "vendor": "Nobody", "answer": "Stray."},
            ],
        }
    )
    done = scored(bids, {"W": (0, 5), "L": (3, 3), "T": (3, 3)}, decisions=decisions)
    assert all(w.answer for w in done.warnings)
    assert next(w.answer for w in done.warnings if w.message.code == "divergence") == "Seen."
    assert [u.vendor for u in done.unmatched] == ["Nobody"]
    assert done.gaps == []  # private consultation: no standstill, so no notification date asked
    report = to_markdown(award_documents(done).report)
    assert "Seen." in report and "Nobody" in report and "à compléter" not in report


def test_the_report_is_written_without_decisions_and_shows_the_gaps() -> None:
    a = scored({"W": (["full"] * 3, 1), "L": (["partial"] * 3, 2)}, {})
    text = to_markdown(award_documents(a).report)
    assert "Décisions restant à prendre" in text and "la composition de la commission" in text
    assert text.count("\\[à compléter\\]") >= 3  # Markdown escapes the brackets


def test_english_documents_follow_the_project_language() -> None:
    p = project()
    p = p.model_copy(update={"project": p.project.model_copy(update={"language": Language.en})})
    a = scored({"W": (["full"] * 3, 1), "L": (["partial"] * 3, 2)}, {}, p=p)
    docs = award_documents(a)
    assert docs.letters["L"].meta.header == "DRAFT — to be reviewed by counsel"
    text = to_markdown(docs.letters["L"])
    assert "relative advantages of the winning bid" in text and "Functions" in text
    assert "Award report" in to_markdown(docs.report)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attribution.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_decisions_file_gives_located_errors(tmp_path: Path) -> None:
    loaded = load_decisions(_write(tmp_path, "committee:\n  - name: Ann\n    rank: 1\n"))
    assert loaded.decisions is None
    (finding,) = loaded.findings
    assert finding.text().startswith(f"{tmp_path / 'attribution.yaml'}:3:5: error SCH")
    bad_date = load_decisions(_write(tmp_path, "decision: 4 June\n"))
    assert bad_date.decisions is None and ":1:" in bad_date.findings[0].text()
    assert load_decisions(tmp_path).decisions is None  # a folder
    assert load_decisions(_write(tmp_path, "")).decisions == AwardDecisions()


def test_the_flagship_decisions_file_validates_against_the_model_and_the_schema() -> None:
    path = ROOT / "examples" / "contact-center" / "attribution.yaml"
    loaded = load_decisions(path)
    assert loaded.findings == [] and loaded.decisions is not None
    assert len(loaded.decisions.committee) == 4 and loaded.decisions.notified is not None
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/award.schema.json"
    )
    schema = json.loads((ROOT / "schemas" / "award.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(loaded.data, default=str))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "comittee": []}, schema)




def test_the_evaluators_reasons_are_in_the_report_and_a_missing_decisive_one_is_flagged() -> None:
    from cdc.model.responses import EvaluatorNotes

    sheets = [
        EvaluatorNotes.model_validate(
            {
                "evaluator": evaluator,
                "notes": [
                    {"vendor": "W", "criterion": "demo", "note": w, "comment": comment},
                    {"vendor": "L", "criterion": "demo", "note": 4},
                ],
            }
        )
        for evaluator, w, comment in (("e1", 3, "Flawless scenario, too slow."), ("e2", 5, None))
    ]
    # without e2's 5, W's demo (3) falls below L's (4): that note decides the ranking
    report = score_project(
        project(), [response("W", ["full"] * 3, 100), response("L", ["full"] * 3, 101)], sheets
    )
    assert report.winner is not None and report.winner.vendor == "W"
    text = to_markdown(award_documents(award(report)).report)
    assert "Flawless scenario, too slow." in text
    row = next(line for line in text.splitlines() if line.startswith("| Demonstration | W | Two"))
    assert "sans motif\xa0: cette note décide du classement" in row  # French spacing


def test_bids_tied_first_leave_the_choice_to_the_committee() -> None:
    a = scored({"W": (["full"] * 3, 100), "L": (["full"] * 3, 100)}, {})
    assert a.winner is not None
    other = next(x for x in a.letters if x.vendor != a.winner.vendor)
    assert "tie" in a.gaps and other.rank == 1 and other.kind == "rejection"
    docs = award_documents(a)
    assert "classée **1re ex aequo** sur 2" in to_markdown(docs.letters[other.vendor])
    assert "offres classées premières ex aequo" in to_markdown(docs.report)


def test_a_judgement_criterion_nobody_noted_is_a_warning_the_buyer_must_answer() -> None:
    # Without evaluators' notes the demonstration counts 0 for every bid: the award report must
    # say so (a ranking resting on an unnoted criterion cannot be defended), not propose quietly.
    a = scored({"W": (["full"] * 3, 1), "L": (["partial"] * 3, 2)}, {})
    found = [m for m in a.report.warnings if m.code == "no_notes"]
    assert [(m.params["criterion"], m.params["vendors"]) for m in found] == [("demo", ["W", "L"])]
    text = to_markdown(award_documents(a).report)
    assert "aucune note d'évaluateur pour W, L" in text and "`no_notes`" in text
    noted = scored({"W": (["full"] * 3, 1), "L": (["partial"] * 3, 2)}, {"W": (4, 4), "L": (3, 3)})
    assert not [m for m in noted.report.warnings if m.code == "no_notes"]


def test_the_report_counts_only_the_statuses_present_and_hides_answered_codes() -> None:
    a = scored(
        {"W": (["full"] * 3, 1), "L": (["partial"] * 3, 2)},
        {"W": (4, 4), "L": (3, 3)},
        decisions=AwardDecisions.model_validate(
            {"warnings": [{"code": "relative_price", "answer": "Published method."}]}
        ),
    )
    text = to_markdown(award_documents(a).report).replace("\u00a0", " ").replace("\u202f", " ")
    assert "2 offres ont été reçues et examinées : 2 classées." in text
    assert "0 éliminée" not in text and "0 non classée" not in text
    assert "Published method." in text and "`relative_price`" not in text
    assert ") (" not in text  # no doubled parentheses (standstill date, then the article)


def test_with_every_bid_eliminated_no_letter_speaks_of_a_winning_bid() -> None:
    # No bid ranked: no contract, no standstill, no "relative advantages of the winning bid".
    a = scored({"X": (["no"] * 3, 1), "Y": (["no", "full", "full"], 2)}, {})
    assert a.winner is None
    for letter in award_documents(a).letters.values():
        text = to_markdown(letter)
        assert "offre retenue" not in text and "délai de" not in text
        assert "la suite donnée à la consultation vous sera communiquée" in text
