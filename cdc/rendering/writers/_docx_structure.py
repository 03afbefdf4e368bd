"""The structure of a DOCX document: numbered headings, a filled table of contents, the body
font, and table rows kept together.

Why it is done this way:

* **Section numbers are Word numbering**, not typed digits: one multilevel list definition in
  ``numbering.xml`` whose levels are linked to the Heading 1…N styles (and the styles to it),
  as Word's own "1 / 1.1 / 1.1.1" heading list. Word and LibreOffice compute the numbers, a
  heading added by hand is numbered, and the numbers follow an edit. They are the numbers the
  other formats print (:func:`cdc.rendering.tree.number_headings`): the same levels, "%1.%2",
  a space after the number.
* **The table of contents is filled at write time**, as Word leaves it after "update field":
  the ``TOC`` field keeps its instruction (Word refreshes it on open, page numbers included),
  and its result holds one paragraph per heading, linked to the heading's bookmark. Without it
  LibreOffice shows only the "update the field" hint.
* **The body font is the PDF's** (:data:`~cdc.rendering.writers._docx_metrics.BODY_FONT`, at
  the PDF's 9.5 pt), on cdc's own template only: a reference document keeps its fonts.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from cdc.rendering.tree import Heading, heading_text
from cdc.rendering.writers import _docx_xml as x
from cdc.rendering.writers._docx_base import StyleBook
from cdc.rendering.writers._docx_metrics import BODY_FONT

_RFONTS_THEMES = ("asciiTheme", "hAnsiTheme", "cstheme")
#: Body size in half-points: the PDF's 9.5 pt.
_BODY_SIZE = "19"


def heading_numbering(doc: DocxDocument, styles: StyleBook, depth: int) -> int | None:
    """A multilevel list numbering Heading 1…``depth``; returns its ``numId`` (None if no
    heading style exists).

    Levels deeper than ``depth`` are defined (Word expects nine) but linked to no style, so a
    deeper heading stays unnumbered, as in the other formats.
    """
    ids = [
        styles.id(f"Heading {n}") if styles.get(f"Heading {n}", "") else "" for n in range(1, 10)
    ]
    # lvl children are appended in schema order: start numFmt pStyle suff lvlText lvlJc pPr
    if not any(ids[:depth]):
        return None
    numbering = doc.part.numbering_part.element
    existing = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(existing, default=-1) + 1
    abstract = x.make("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(x.make("w:multiLevelType", val="multilevel"))
    for level in range(9):
        lvl = x.make("w:lvl", ilvl=str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:pStyle", ids[level] if level < depth else ""),
            ("w:suff", "space"),
            ("w:lvlText", ".".join(f"%{n}" for n in range(1, level + 2))),
            ("w:lvlJc", "left"),
        ):
            if value:
                lvl.append(x.make(tag, val=value))
        ppr = x.make("w:pPr")
        ppr.append(x.make("w:ind", left="0", firstLine="0"))
        lvl.append(ppr)
        abstract.append(lvl)
    later = numbering.find(qn("w:num"))
    if later is not None:
        later.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = int(numbering.add_num(abstract_id).numId)
    for level, style_id in enumerate(ids[:depth]):
        if style_id:
            style = doc.styles.element.get_by_id(style_id)
            num_pr = x.make("w:numPr")
            num_pr.append(x.make("w:ilvl", val=str(level)))
            num_pr.append(x.make("w:numId", val=str(num_id)))
            x.insert_ordered(style.get_or_add_pPr(), num_pr, x.PPR_ORDER)
    return num_id


def number_paragraph(p: x.Element, level: int, num_id: int | None) -> None:
    """The heading paragraph's own ``numPr``: level and list when numbered, ``numId`` 0
    (no number) for a heading below the numbered depth."""
    num_pr = x.make("w:numPr")
    if num_id is not None and level >= 1:
        num_pr.append(x.make("w:ilvl", val=str(level - 1)))
        num_pr.append(x.make("w:numId", val=str(num_id)))
    else:
        num_pr.append(x.make("w:numId", val="0"))
    x.insert_ordered(x.child(p, "w:pPr", ["pPr"]), num_pr, x.PPR_ORDER)


def contents(
    doc: DocxDocument,
    entries: list[Heading],
    bookmarks: dict[str, str],
    depth: int,
    text_width: int,
    hint: str,
) -> list[x.Element]:
    """The paragraphs of a TOC field down to ``depth``: one "toc N" line per heading of
    ``entries``, the field's begin in the first and its end in the last; with no heading, the
    ``hint`` to update the field."""
    opening, closing = field_runs(f'TOC \\o "1-{depth}" \\h \\z \\u')
    if not entries:
        p = x.paragraph()
        p.extend(opening)
        p.append(x.run(hint))
        p.append(closing)
        return [p]
    paragraphs = []
    for heading in entries:
        p = x.paragraph(toc_style(doc, heading.level, text_width))
        p.extend(toc_entry(heading, bookmarks.get(heading.anchor)))
        paragraphs.append(p)
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(qn("w:pPr"))
    for run in reversed(opening):
        ppr.addnext(run)
    last.append(closing)
    return paragraphs


def toc_style(doc: DocxDocument, level: int, text_width: int) -> str:
    """The id of Word's "toc N" style, created (indent, dot leader to the right margin) when
    the document lacks it."""
    style_id = f"TOC{level}"
    if doc.styles.element.get_by_id(style_id) is not None:
        return style_id
    style = x.make("w:style", type="paragraph", styleId=style_id)
    for tag, value in (("w:name", f"toc {level}"), ("w:basedOn", "Normal"), ("w:next", "Normal")):
        style.append(x.make(tag, val=value))
    style.append(x.make("w:uiPriority", val="39"))
    style.append(x.make("w:unhideWhenUsed"))
    ppr = x.make("w:pPr")
    tabs = x.make("w:tabs")
    tabs.append(x.make("w:tab", val="right", leader="dot", pos=str(text_width)))
    ppr.append(tabs)
    ppr.append(x.make("w:spacing", before="120" if level == 1 else "0", after="40"))
    ppr.append(x.make("w:ind", left=str(220 * (level - 1))))
    style.append(ppr)
    if level == 1:
        rpr = x.make("w:rPr")
        rpr.append(x.make("w:b"))
        style.append(rpr)
    doc.styles.element.append(style)
    return style_id


def toc_entry(heading: Heading, bookmark: str | None) -> list[x.Element]:
    """The runs of one contents line: the numbered title, a link to the heading when it has a
    bookmark. No page number: cdc cannot know it, LibreOffice shows the cached line as it is
    (an empty PAGEREF stays empty there) and Word rebuilds every line, pages included."""
    runs = [x.run(heading_text(heading))]
    if not bookmark:
        return runs
    link = x.make("w:hyperlink", anchor=bookmark, history="1")
    link.extend(runs)
    return [link]


def field_runs(instruction: str) -> tuple[list[x.Element], x.Element]:
    """The runs opening a multi-paragraph field (begin, instruction, separate) and the run
    closing it (end)."""
    holder = x.make("w:p")
    x.add_field(holder, instruction, "", dirty=True)
    runs = list(holder)
    opening = [r for r in runs if r.find(qn("w:t")) is None][:3]
    return opening, runs[-1]


def body_font(doc: DocxDocument) -> None:
    """The PDF's font and size as the document default; theme fonts (Calibri, Cambria) give way
    to it in every style but the monospaced ones."""
    styles = doc.styles.element
    defaults = x.child(styles, "w:docDefaults", ["docDefaults", "latentStyles", "style"])
    rpr_default = x.child(defaults, "w:rPrDefault", ["rPrDefault", "pPrDefault"])
    rpr = x.child(rpr_default, "w:rPr", ["rPr"])
    fonts = x.child(rpr, "w:rFonts", x.RPR_ORDER)
    for tag in ("sz", "szCs"):
        x.child(rpr, f"w:{tag}", x.RPR_ORDER).set(qn("w:val"), _BODY_SIZE)
    for el in (fonts, *styles.iter(qn("w:rFonts"))):
        if el is fonts or any(el.get(qn(f"w:{a}")) for a in _RFONTS_THEMES):
            for attr in _RFONTS_THEMES:
                el.attrib.pop(qn(f"w:{attr}"), None)
            for attr in ("ascii", "hAnsi", "cs"):
                el.set(qn(f"w:{attr}"), BODY_FONT)


def keep_rows_together(tbl: x.Element, header: bool) -> None:
    """No table starts with a lone row at the foot of a page nor ends with one (a total row)
    alone on the next: ``keepNext`` on the paragraphs of the header row, the first body row
    and the row before the last, as the PDF's print.css does."""
    rows = tbl.findall(qn("w:tr"))
    first = 1 if header else 0
    keep = {0} if header else set()
    if len(rows) - first >= 2:
        keep |= {first, len(rows) - 2}
    for index in sorted(keep):
        for p in rows[index].iter(qn("w:p")):
            x.insert_ordered(x.child(p, "w:pPr", ["pPr"]), x.make("w:keepNext"), x.PPR_ORDER)
