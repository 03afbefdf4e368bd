"""``cdc award`` on the flagship: the award report and the three letters (award, rejection,
elimination) in French and English, their figures equal to ``cdc score``'s, the draft marking
in the DOCX, a golden Markdown report, and the command's errors and exit codes.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.conftest import ROOT, CliCall

EXAMPLE = ROOT / "examples" / "contact-center"
GOLDEN = Path(__file__).resolve().parent / "golden" / "award" / "contact-center-report.md"
PREFIX = "ondea-centre-contact-2027"
FR_FILES = {
    "report": f"{PREFIX}_rapport-attribution_v1.1",
    "Boréal CX": f"{PREFIX}_lettre-attribution-boreal-cx_v1.1",
    "Alizé Contact": f"{PREFIX}_lettre-rejet-alize-contact_v1.1",
    "Cumulus Voice": f"{PREFIX}_lettre-eviction-cumulus-voice_v1.1",
}
EN_FILES = {
    "report": f"{PREFIX}_award-report_v1.1",
    "Boréal CX": f"{PREFIX}_award-letter-boreal-cx_v1.1",
    "Alizé Contact": f"{PREFIX}_rejection-letter-alize-contact_v1.1",
    "Cumulus Voice": f"{PREFIX}_elimination-letter-cumulus-voice_v1.1",
}


def award(cli: CliCall, out: Path, *extra: str) -> Any:
    return cli(
        "award", "cdc.yaml", "responses", "-e", "evaluations", "--decisions", "attribution.yaml",
        "-o", str(out), *extra, cwd=EXAMPLE,
    )  # fmt: skip


def docx_text(path: Path) -> str:
    """Every paragraph, table cell, header and footer of a DOCX, as python-docx reads it."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cdc.cli import main

    out = tmp_path_factory.mktemp("award-fr")
    old = Path.cwd()
    os.chdir(EXAMPLE)
    try:
        code = main(["award", "cdc.yaml", "responses", "-e", "evaluations", "--decisions",
                     "attribution.yaml", "-o", str(out), "-f", "md,docx"])  # fmt: skip
    finally:
        os.chdir(old)
    assert code == 0
    return out


def test_the_report_and_a_letter_per_bidder_are_written_in_french(french: Path) -> None:
    for stem in FR_FILES.values():
        assert (french / f"{stem}.md").is_file() and (french / f"{stem}.docx").is_file()
    winner = (french / f"{FR_FILES['Boréal CX']}.md").read_text(encoding="utf-8")
    assert "votre offre" in winner and "est retenue" in winner and "PROJET" in winner
    loser = (french / f"{FR_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    assert "classée **2e** sur 2 offres classées" in loser and "**Boréal CX**" in loser
    assert "délai de 11 jours" in loser and "pas avant le 15 juin 2027" in loser
    assert "R2181-1 à R2181-4, à vérifier par un juriste" in loser
    out = (french / f"{FR_FILES['Cumulus Voice']}.md").read_text(encoding="utf-8")
    assert "SEC-004 (Plan d'assurance sécurité)" in out and "écartée" in out
    report = (french / f"{FR_FILES['report']}.md").read_text(encoding="utf-8")
    assert "Hélène Vasseur" in report and "Décisions restant à prendre" not in report


def test_the_docx_opens_and_carries_the_draft_mark(french: Path) -> None:
    for vendor in ("Boréal CX", "Alizé Contact", "Cumulus Voice"):
        text = docx_text(french / f"{FR_FILES[vendor]}.docx")
        assert "PROJET — à faire relire par un juriste" in text and vendor in text
    report = docx_text(french / f"{FR_FILES['report']}.docx")
    assert "Rapport d'attribution" in report and "PROJET" not in report


def test_the_rejection_letter_names_the_criteria_where_the_winner_is_ahead(french: Path) -> None:
    loser = (french / f"{FR_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    named = re.findall(r"^- (.+?)\s:\s[\d\s,]+ points contre", loser, flags=re.M)
    # Boréal CX is ahead of Alizé Contact on these leaves only (cdc score's criteria table)
    assert named == [
        "Prix",
        "Omnicanal et routage",
        "Migration, déploiement et formation",
        "SVI et self-service",
        "Qualité du plan d'accompagnement",
    ]


def _number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def _table(letter: str) -> dict[str, list[float]]:
    """The letter's score table: criterion title → the numbers of its row."""
    rows = {}
    for line in letter.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"\*{0,2}[\d\u202f\xa0 ]+,\d\d\*{0,2}", cells[1]):
            title = cells[0].strip("*").lstrip("— ").strip()
            rows[title] = [_number(c.strip("*")) for c in cells[1:]]
    return rows


def test_the_letters_figures_equal_the_score_report(cli: CliCall, french: Path) -> None:
    result = cli("score", "cdc.yaml", "responses", "-e", "evaluations", "-f", "json", cwd=EXAMPLE)
    data = json.loads(result.out)
    titles = {c["id"]: c["title"] for c in data["method"]["criteria"]}
    tops = {c["id"] for c in data["method"]["criteria"] if c["parent"] is None}
    ranking = {v["vendor"]: v for v in data["ranking"]}
    winner = ranking["Boréal CX"]

    def published(v: dict[str, Any], cid: str) -> float | None:
        if cid in tops:
            return float(v["sections"][cid])
        leaf = v["criteria"].get(cid)
        return None if leaf is None else float(leaf["points"])

    for vendor in ("Alizé Contact", "Cumulus Voice", "Boréal CX"):
        letter = (french / f"{FR_FILES[vendor]}.md").read_text(encoding="utf-8")
        rows = _table(letter)
        if vendor == "Cumulus Voice":
            assert rows == {}  # an eliminated bid is told its reason, not a comparison
            continue
        assert rows["Total"][1] == ranking[vendor]["total"]
        checked = 0
        for cid, title in titles.items():
            mine = published(ranking[vendor], cid)
            if mine is None:
                continue  # a sub-section: the JSON gives leaves and top-level sections
            assert rows[title][1] == mine, (vendor, title)
            if vendor != "Boréal CX":
                assert rows[title][2] == published(winner, cid), (vendor, title)
            checked += 1
        assert checked == 15  # 3 sections and 12 leaves (a sub-section has no JSON total)
    loser = (french / f"{FR_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    total = f"{winner['total']:.2f}".replace(".", ",")
    assert f"**{total} points sur 100**" in loser


def test_english_letters_with_lang(cli: CliCall, tmp_path: Path) -> None:
    result = award(cli, tmp_path, "-f", "docx,md", "--lang", "en")
    assert result.code == 0, result.err
    for stem in EN_FILES.values():
        assert (tmp_path / f"{stem}.docx").is_file()
    loser = (tmp_path / f"{EN_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    assert "has not been selected" in loser and "ranked **2nd** of 2 ranked bids" in loser
    assert "to be checked by counsel" in loser
    for vendor in ("Boréal CX", "Alizé Contact", "Cumulus Voice"):
        assert "DRAFT — to be reviewed by counsel" in docx_text(
            tmp_path / f"{EN_FILES[vendor]}.docx"
        )
    out = (tmp_path / f"{EN_FILES['Cumulus Voice']}.md").read_text(encoding="utf-8")
    assert "has been ruled out" in out and "SEC-004" in out


def test_the_markdown_report_matches_the_golden_file(french: Path) -> None:
    text = (french / f"{FR_FILES['report']}.md").read_text(encoding="utf-8")
    if os.environ.get("CDC_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"missing {GOLDEN}: run with CDC_UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_french_letters_elide_before_a_vowel(french: Path) -> None:
    # "À l'attention de Alizé Contact" is a mistake a French reader sees at once.
    text = (french / f"{FR_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    assert "À l'attention d'**Alizé Contact**" in text and "de **Alizé" not in text
    winner = (french / f"{FR_FILES['Boréal CX']}.md").read_text(encoding="utf-8")
    assert "À l'attention de **Boréal CX**" in winner
    assert "’" not in text  # one apostrophe style throughout


def test_the_winners_letter_informs_it_and_is_not_the_notification(french: Path) -> None:
    # Before the standstill the chosen bidder is informed (and asked for its certificates); the
    # contract is notified after signature: calling the letter a notification misleads.
    text = (french / f"{FR_FILES['Boréal CX']}.md").read_text(encoding="utf-8")
    assert "Information du candidat retenu" in text and "Notification d'attribution" not in text
    assert "ne vaut pas notification du marché" in text


def test_without_decisions_the_gaps_are_shown(cli: CliCall, tmp_path: Path) -> None:
    result = cli(
        "award", "cdc.yaml", "responses", "-e", "evaluations", "-o", str(tmp_path), "-f", "md",
        cwd=EXAMPLE,
    )  # fmt: skip
    assert result.code == 0, result.err
    report = (tmp_path / f"{FR_FILES['report']}.md").read_text(encoding="utf-8")
    assert "Décisions restant à prendre" in report and "la composition de la commission" in report


def test_a_letter_edited_by_counsel_is_not_overwritten_without_force(
    cli: CliCall, tmp_path: Path
) -> None:
    assert award(cli, tmp_path, "-f", "md").code == 0
    again = award(cli, tmp_path, "-f", "md")
    assert again.code == 0 and "0 written, 4 unchanged" in again.err
    letter = tmp_path / f"{FR_FILES['Alizé Contact']}.md"
    letter.write_text("edited by counsel\n", encoding="utf-8")
    refused = award(cli, tmp_path, "-f", "md")
    assert refused.code == 1 and "--force" in refused.err
    assert letter.read_text(encoding="utf-8") == "edited by counsel\n"
    assert award(cli, tmp_path, "-f", "md", "--force").code == 0
    assert "Alizé Contact" in letter.read_text(encoding="utf-8")


def test_bad_input_and_usage_get_their_exit_codes(cli: CliCall, tmp_path: Path) -> None:
    bad = tmp_path / "attribution.yaml"
    bad.write_text("committee:\n  - name: Ann\n    rank: 1\n", encoding="utf-8")
    result = cli(
        "award", "cdc.yaml", "responses", "-e", "evaluations", "--decisions", str(bad),
        "-o", str(tmp_path / "out"), cwd=EXAMPLE,
    )  # fmt: skip
    assert result.code == 1 and f"{bad}:3:5: error SCH" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "out").exists()
    missing = award(cli, tmp_path, "--decisions", "nowhere.yaml")
    assert missing.code == 2 and "nowhere.yaml" in missing.err
    assert award(cli, tmp_path, "-f", "xlsx").code == 2
    assert award(cli, tmp_path, "--lang", "de").code == 2
    assert award(cli, tmp_path, "--pdf-engine", "word").code == 2


def test_templates_and_reference_docx_work_as_in_render(cli: CliCall, tmp_path: Path) -> None:
    # The buyer's own letterhead: a template folder overriding one block of the letter, and a
    # reference .docx (here one cdc wrote itself) for the styles; both checked like cdc render.
    own = tmp_path / "templates"
    own.mkdir()
    (own / "award_letter.xml.j2").write_text(
        '{% extends "default:award_letter.xml.j2" %}\n'
        "{% block letterhead %}<p>En-tête maison pour {{ extra.award.letter.vendor }}</p>"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    first = award(cli, tmp_path / "a", "-f", "md,docx", "--templates", str(own))
    assert first.code == 0, first.err
    letter = (tmp_path / "a" / f"{FR_FILES['Alizé Contact']}.md").read_text(encoding="utf-8")
    assert "En-tête maison pour Alizé Contact" in letter and "À l'attention" not in letter
    reference = tmp_path / "a" / f"{FR_FILES['report']}.docx"
    styled = award(cli, tmp_path / "b", "-f", "docx", "--reference-docx", str(reference))
    assert styled.code == 0, styled.err
    assert "PROJET" in docx_text(tmp_path / "b" / f"{FR_FILES['Alizé Contact']}.docx")
    for option in ("--templates", "--reference-docx"):
        missing = award(cli, tmp_path / "c", option, "nowhere")
        assert missing.code == 2 and f"{option} nowhere: no such file or folder" in missing.err
