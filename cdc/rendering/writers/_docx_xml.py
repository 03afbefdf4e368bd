"""Low-level WordprocessingML helpers for the DOCX writer.

python-docx covers paragraphs, runs, styles and sections, but not fields, bookmarks, hyperlinks,
shading, repeating header rows or a few settings. Word rejects (or "repairs") a file whose XML
children are out of schema order, so every element added here goes through
:func:`insert_ordered`, which knows the sequence the schema expects.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

Element = Any  # python-docx's element classes derive from lxml, which ships no type stubs
MONO = "Courier New"
#: Left and right padding of a table cell, in twips.
CELL_SIDE = 85


def _names(text: str) -> list[str]:
    return text.split()


#: Child order of the elements we touch (ECMA-376 part 1, transitional schema).
PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
TCPR_ORDER = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)
TBLPR_ORDER = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
SETTINGS_AFTER_UPDATE_FIELDS = _names(
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema "
    "themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
    "forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults "
    "doNotEmbedSmartTags decimalSymbol listSeparator"
)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold: lxml would raise on them mid-render."""
    return _XML_INVALID.sub("", text)


@lru_cache(maxsize=256)
def _tag_names(tag: str) -> tuple[str, dict[str, str]]:
    """Clark name and namespace map of a prefixed tag, worked out once per tag."""
    nsptag = NamespacePrefixedTag(tag)
    return nsptag.clark_name, dict(nsptag.nsmap)


@lru_cache(maxsize=256)
def _attribute(name: str) -> str:
    return qn(f"w:{name}")


def make(tag: str, **attrs: str) -> Element:
    """A new ``w:`` element; attribute names are given without prefix (``val="x"``).

    What python-docx's ``OxmlElement`` does (an element of the custom class for its tag), with
    the tag's names cached: a 1,000-requirement specification makes 55,000 elements.
    """
    clark, nsmap = _tag_names(tag)
    element = oxml_parser.makeelement(clark, nsmap=nsmap)
    for name, value in attrs.items():
        element.set(_attribute(name), value)
    return element


def local(element: Element) -> str:
    """The tag name without namespace (``{…}tblHeader`` → ``tblHeader``)."""
    return str(element.tag).rsplit("}", 1)[-1]


def insert_ordered(parent: Element, child: Element, order: list[str]) -> Element:
    """Put ``child`` where the schema wants it, replacing a same-named child.

    Siblings missing from ``order`` count as later ones (``w:r`` after ``w:pPr``, ``w:p`` after
    ``w:tcPr``, the ``…Change`` revision records last).
    """
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(local(child))
    for existing in parent:
        name = local(existing)
        if name not in order or order.index(name) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def child(parent: Element, tag: str, order: list[str]) -> Element:
    """The ``tag`` child of ``parent``, created in schema order when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    return insert_ordered(parent, make(tag), order)


def paragraph(style_id: str | None = None) -> Element:
    """A bare ``w:p``, styled by id (python-docx's by-name lookup scans every style: slow)."""
    p = make("w:p")
    if style_id:
        ppr = make("w:pPr")
        ppr.append(make("w:pStyle", val=style_id))
        p.append(ppr)
    return p


def run(
    text: str,
    *,
    style_id: str | None = None,
    bold: bool = False,
    italic: bool = False,
    font: str | None = None,
    size: int | None = None,
) -> Element:
    """A ``w:r`` with its properties in schema order (``size`` in half-points); a newline in
    ``text`` becomes a line break, a tab a tab."""
    r = make("w:r")
    props = []
    if style_id:
        props.append(make("w:rStyle", val=style_id))
    if font:
        props.append(make("w:rFonts", ascii=font, hAnsi=font, cs=font))
    if bold:
        props.append(make("w:b"))
    if italic:
        props.append(make("w:i"))
    if size:
        props.append(make("w:sz", val=str(size)))
    if props:
        rpr = make("w:rPr")
        rpr.extend(props)
        r.append(rpr)
    for n, line in enumerate(clean(text).split("\n")):
        if n:
            r.append(make("w:br"))
        for m, chunk in enumerate(line.split("\t")):
            if m:
                r.append(make("w:tab"))
            if chunk:
                t = make("w:t")
                t.set(_XML_SPACE, "preserve")
                t.text = chunk
                r.append(t)
    return r


def add_field(p: Element, instruction: str, result: str, *, dirty: bool = False) -> None:
    """Append a complex field (``begin`` / instruction / ``separate`` / result / ``end``).

    Complex fields, unlike ``w:fldSimple``, keep a visible placeholder result that both Word and
    LibreOffice show until the field is updated.
    """
    begin = make("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = make("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    text = make("w:t")
    text.set(_XML_SPACE, "preserve")
    text.text = clean(result)
    for part in (
        begin,
        instr,
        make("w:fldChar", fldCharType="separate"),
        text,
        make("w:fldChar", fldCharType="end"),
    ):
        run = make("w:r")
        run.append(part)
        p.append(run)


def add_bookmark(p: Element, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark (the target of internal hyperlinks)."""
    start = make("w:bookmarkStart", id=str(number), name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(make("w:bookmarkEnd", id=str(number)))


def bookmark_name(anchor: str, used: set[str]) -> str:
    """A Word-safe bookmark name: letters, digits and ``_``, a letter first, 40 characters."""
    ascii_ = unicodedata.normalize("NFKD", anchor).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_]", "_", ascii_) or "h"
    if not name[0].isalpha():
        name = "h" + name
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(anchor.encode()).hexdigest()[:8]
    base, n = name, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 40 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def shade(parent_pr: Element, fill: str, order: list[str]) -> None:
    """Solid background ``fill`` (hex RGB) on a pPr, tcPr or tblPr."""
    insert_ordered(parent_pr, make("w:shd", val="clear", color="auto", fill=fill), order)


def borders(parent_pr: Element, tag: str, order: list[str], **sides: str) -> None:
    """Borders on a pPr (``pBdr``), tcPr (``tcBorders``) or tblPr (``tblBorders``).

    Each side is ``"val:size:color"``, e.g. ``left="single:24:2E74B5"`` or ``top="nil::"``.
    """
    box = make(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            val, size, color = sides[side].split(":")
            edge = make(f"w:{side}", val=val)
            if size:
                edge.set(qn("w:sz"), size)
                edge.set(qn("w:space"), "0" if tag != "w:pBdr" else "4")
                edge.set(qn("w:color"), color)
            box.append(edge)
    insert_ordered(parent_pr, box, order)


def cell_margins(tc_pr: Element, top: int, side: int) -> None:
    """Inner padding of one cell, in twips."""
    mar = make("w:tcMar")
    for edge, value in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        mar.append(make(f"w:{edge}", w=str(value), type="dxa"))
    insert_ordered(tc_pr, mar, TCPR_ORDER)


def table_geometry(tbl: Element, columns: list[int]) -> None:
    """Fixed layout with explicit widths (twips): Word reads ``tcW``, LibreOffice ``gridCol``."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    insert_ordered(tbl_pr, make("w:tblW", w=str(sum(columns)), type="dxa"), TBLPR_ORDER)
    insert_ordered(tbl_pr, make("w:tblLayout", type="fixed"), TBLPR_ORDER)
    margins = make("w:tblCellMar")  # the PDF's side padding (0.45 em), not Word's 0.19 cm
    for edge, width in (("top", 40), ("left", CELL_SIDE), ("bottom", 40), ("right", CELL_SIDE)):
        margins.append(make(f"w:{edge}", w=str(width), type="dxa"))
    insert_ordered(tbl_pr, margins, TBLPR_ORDER)
    grid = tbl.find(qn("w:tblGrid"))
    for col, width in zip(grid.findall(qn("w:gridCol")), columns, strict=False):
        col.set(qn("w:w"), str(width))
    for tr in tbl.findall(qn("w:tr")):
        for tc, width in zip(tr.findall(qn("w:tc")), columns, strict=False):
            tc_pr = child(tc, "w:tcPr", TCPR_ORDER)
            insert_ordered(tc_pr, make("w:tcW", w=str(width), type="dxa"), TCPR_ORDER)


def row_flags(tr: Element, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page.

    ``w:trPr`` children form a choice group (any order), but ``w:trPr`` itself must come
    before the cells.
    """
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = make("w:trPr")
        tr.insert(1 if local(tr[0]) == "tblPrEx" else 0, tr_pr)
    tr_pr.append(make("w:cantSplit"))
    if header:
        tr_pr.append(make("w:tblHeader"))


def set_update_fields(settings: Element) -> None:
    """Ask Word to refresh fields (TOC, page counts) when the file is opened."""
    flag = make("w:updateFields", val="true")
    for old in settings.findall(flag.tag):
        settings.remove(old)
    for existing in settings:
        if local(existing) in SETTINGS_AFTER_UPDATE_FIELDS:
            existing.addprevious(flag)
            return
    settings.append(flag)


def set_language(styles: Element, settings: Element, lang: str) -> None:
    """Document default language (spelling, hyphenation, quotes) in docDefaults and theme."""
    defaults = child(styles, "w:docDefaults", ["docDefaults", "latentStyles", "style"])
    rpr_default = child(defaults, "w:rPrDefault", ["rPrDefault", "pPrDefault"])
    rpr = child(rpr_default, "w:rPr", ["rPr"])
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = insert_ordered(rpr, make("w:lang"), RPR_ORDER)
    lang_el.set(qn("w:val"), lang)
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), lang)


def has_visible_content(element: Element) -> bool:
    """Does a header/footer show anything (text, a picture, a field)?"""
    if any((t.text or "").strip() for t in element.iter(qn("w:t"))):
        return True
    visible = ("w:drawing", "w:pict", "w:instrText", "w:fldSimple", "w:tbl")
    return any(next(element.iter(qn(tag)), None) is not None for tag in visible)
