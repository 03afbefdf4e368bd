"""The base document of the DOCX writer: template, styles, numbering, fixed dates, and the
column widths LibreOffice needs spelled out.

pandoc's ``--reference-doc`` idea: the user's .docx brings styles, page setup, headers and
footers; its body is emptied and cdc writes into it, adding only the styles it lacks.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from cdc.core.errors import InputError
from cdc.rendering.tree import (
    Block,
    Cell,
    CodeBlock,
    Heading,
    ListBlock,
    Note,
    Paragraph,
    Strong,
    Table,
    plain_text,
)
from cdc.rendering.writers._docx_metrics import longest_word, text_width
from cdc.rendering.writers._docx_xml import CELL_SIDE, MONO, PPR_ORDER, local, shade

_ORPHAN_RELS = (RT.IMAGE, RT.HYPERLINK, RT.OLE_OBJECT, RT.CHART, RT.PACKAGE)
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def open_base(reference: Path | None) -> DocxDocument:
    """python-docx's own template, or the user's file with its body emptied."""
    if reference is None:
        doc = docx.Document()
    else:
        if not reference.is_file():
            raise InputError(f"reference document {reference}: no such file")
        if not zipfile.is_zipfile(reference):
            raise InputError(f"reference document {reference}: not a Word .docx file")
        try:
            doc = docx.Document(str(reference))
        except Exception as exc:  # python-docx raises many unrelated types for a bad file
            raise InputError(
                f"reference document {reference}: not a usable Word .docx file ({exc})"
            ) from exc
    body = doc.element.body
    for element in list(body):
        if local(element) != "sectPr":
            body.remove(element)
    body.get_or_add_sectPr()
    part = doc.part
    used = {v for el in part.element.iter() for k, v in el.attrib.items() if k.startswith(_R_NS)}
    for rid, rel in list(part.rels.items()):
        # stylesWithEffects is a Word 2010 copy of styles.xml that would go stale
        stale = rel.reltype.endswith("/stylesWithEffects")
        if stale or (rel.reltype in _ORPHAN_RELS and rid not in used):
            del part.rels[rid]
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a preview of the reference's own content
            del package_rels[rid]
    return doc


def list_numbering(doc: DocxDocument, style: str, restart: bool) -> tuple[int, int] | None:
    """(level, numId) of a list style; a fresh numId restarting at 1 for each ordered
    list (otherwise every numbered list of the document would continue the previous one)."""
    current = doc.styles[style]
    while current is not None:
        ppr = current.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None and num_pr.numId.val > 0:
            ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
            num_id = int(num_pr.numId.val)
            if restart:
                numbering = doc.part.numbering_part.element
                try:
                    abstract = numbering.num_having_numId(num_id).abstractNumId.val
                except KeyError:
                    return None
                new = numbering.add_num(abstract)
                new.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
                num_id = int(new.numId)
            return ilvl, num_id
        current = current.base_style
    return None


class StyleBook:
    """Style names and ids that exist in the target document, adding what it lacks.

    A reference document may miss a built-in style (LibreOffice files often have no "Caption"
    or "List Number 2"): it is then copied from python-docx's own template, without numbering
    (its list definitions do not exist there; list writers then type their markers). The few
    styles cdc invents (small print, code, table text…) are created so users can restyle them.
    """

    CUSTOM = frozenset(
        (
            "Hyperlink",
            "Verbatim Char",
            "Small Text",
            "Meta Text",
            "Subheading",
            "Source Code",
            "Table Text",
        )
    )

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.names: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self._default: DocxDocument | None = None

    def get(self, name: str, fallback: str = "Normal") -> str:
        """``name`` if the document has it or it can be added, else ``fallback``."""
        if name not in self.names:
            ok = name in self.doc.styles or self._copy_default(name) or self._custom(name)
            self.names[name] = name if ok else fallback
        return self.names[name]

    def id(self, name: str) -> str:
        """The style id (what the XML references) of ``get(name)``."""
        resolved = self.get(name)
        if resolved not in self.ids:
            found = resolved in self.doc.styles  # "Normal" itself may be missing
            self.ids[resolved] = str(self.doc.styles[resolved].style_id) if found else ""
        return self.ids[resolved]

    def _copy_default(self, name: str) -> bool:
        if self._default is None:
            self._default = docx.Document()
        if name not in self._default.styles:
            return False
        clone = copy.deepcopy(self._default.styles[name].element)
        for el in clone.xpath("w:link | w:rsid | w:next | w:pPr/w:numPr"):
            el.getparent().remove(el)
        clone.attrib.pop(qn("w:default"), None)  # the reference keeps its own defaults
        based = clone.find(qn("w:basedOn"))
        if based is not None:
            wanted = based.get(qn("w:val"))
            base = next((str(s.name) for s in self._default.styles if s.style_id == wanted), "")
            if base and self.get(base, "") == base:
                based.set(qn("w:val"), self.id(base))
            else:
                clone.remove(based)
        if any(s.style_id == clone.get(qn("w:styleId")) for s in self.doc.styles):
            clone.set(qn("w:styleId"), "cdc" + clone.get(qn("w:styleId")))
        self.doc.styles.element.append(clone)
        return True

    def _custom(self, name: str) -> bool:
        if name not in self.CUSTOM:
            return False
        char = name in ("Hyperlink", "Verbatim Char")
        kind = WD_STYLE_TYPE.CHARACTER if char else WD_STYLE_TYPE.PARAGRAPH
        style = self.doc.styles.add_style(name, kind)
        base = self.get("Default Paragraph Font" if char else "Normal", "")
        if base:
            style.base_style = self.doc.styles[base]
        style.unhide_when_used = True
        font = style.font
        if name == "Hyperlink":
            font.color.rgb, font.underline = RGBColor(0x05, 0x63, 0xC1), True
        elif name in ("Verbatim Char", "Source Code"):
            font.name, font.size = MONO, Pt(9)
        elif name == "Small Text":
            font.size = Pt(8.5)
        elif name == "Meta Text":
            font.italic, font.color.rgb = True, RGBColor(0x59, 0x59, 0x59)
        elif name == "Subheading":
            font.bold = True
        if char:
            return True
        fmt = style.paragraph_format
        if name == "Subheading":
            fmt.keep_with_next = True
        elif name == "Source Code":
            fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(4), Pt(8), 1.0
            fmt.keep_together = True
            shade(style.element.get_or_add_pPr(), "F2F2F2", PPR_ORDER)
        elif name in ("Table Text", "Small Text"):
            # table cells and small print: tight spacing, Normal's size minus ~1 point
            fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(3), 1.0
            if name == "Table Text":  # the PDF's table text (0.93 × 9.5 pt)
                font.size = Pt(TABLE_SIZE)
        return True


#: Rough width of one character of table text (for relative widths guessed from text length),
#: cell padding (2 × CELL_SIDE, and a margin for rounding) and a turned line, in twips.
_CHAR, _CELL_PAD, _LINE = 110, 2 * CELL_SIDE + 60, 250
#: Point size of table text ("Table Text"), which the widths are measured at.
TABLE_SIZE = 9.0
#: Height of a matrix header row whose titles are turned, in twips.
ROTATED_HEIGHT = 2800


def block_text(blocks: tuple[Block, ...]) -> str:
    """Plain text of cell blocks, for flattening nested tables."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            parts.append(plain_text(block.children))
        elif isinstance(block, CodeBlock):
            parts.append(block.text)
        elif isinstance(block, Note):
            parts.append(block_text(block.blocks))
        elif isinstance(block, ListBlock):
            parts += [block_text(item) for item in block.items]
        elif isinstance(block, Table):
            parts += [block_text(c.blocks) for row in (block.header, *block.rows) for c in row]
    return " ".join(p for p in parts if p).replace("\n", " ")


def columns(
    table: Table, rows: tuple[tuple[Cell, ...], ...], ncols: int, total: int, rotated: bool
) -> list[int]:
    """Column widths in twips, from the template's relative widths (as the PDF) or else guessed
    from the text (LibreOffice does not auto-fit Word tables: equal columns would squeeze a
    RACI's activity column). Either way a column is widened, at the expense of roomier ones,
    until its content fits, measured in the body font: first what must never break (a header
    word, bold; the whole of a right-aligned cell, a number such as "630 000" or "7 min"), then,
    as far as the page allows, the longest word of the body cells. Word and LibreOffice would
    otherwise cut "Volume" into "Volum e"; a long body word ("(autocommutateur") may still break
    when the table cannot hold every column at its widest word."""
    hard, soft, body, turned = [0] * ncols, [0] * ncols, [4] * ncols, [0] * ncols
    full = [0] * ncols  # the widest body cell on one line: more than this is wasted
    for n, row in enumerate(rows):
        in_header = n == 0 and bool(table.header)
        for c, cell in enumerate(row):
            text = block_text(cell.blocks)
            bold = in_header or cell.header or _bold(cell)
            if in_header and rotated and c:  # turned title: as many lines as it needs
                lines = -(-(_CELL_PAD + text_width(text, bold=True)) // ROTATED_HEIGHT)
                turned[c] = max(turned[c], _CELL_PAD + _LINE * lines)
            elif cell.align == "right" and not in_header:
                hard[c] = max(hard[c], text_width(text, bold=bold, size=TABLE_SIZE))
            elif bold:
                hard[c] = max(hard[c], longest_word(text, bold=True, size=TABLE_SIZE))
            else:
                soft[c] = max(soft[c], longest_word(text, size=TABLE_SIZE))
            if not in_header:
                body[c] = max(body[c], min(len(text), 40))
                full[c] = max(full[c], text_width(text, bold=bold, size=TABLE_SIZE))
    weights = list(table.widths) if len(table.widths) == ncols else []
    if not weights or sum(weights) <= 0:
        weights = [max(b, max(h, s) // _CHAR + 1) for b, h, s in zip(body, hard, soft, strict=True)]
    cap = total // 3
    must = [min(cap, max(_CELL_PAD + h, t)) for h, t in zip(hard, turned, strict=True)]
    if sum(must) > total:  # not even the headers fit: each column its share of what must fit
        return _fill([int(m * total / sum(must)) for m in must], total)
    # A body word longer than a sixth of the line ("(autocommutateur") breaks anyway and claims
    # nothing; shorter ones should not break, when the page leaves room: the cheapest first.
    wish = [
        max(m, _CELL_PAD + s) if _CELL_PAD + s <= total // 6 else m
        for m, s in zip(must, soft, strict=True)
    ]
    floor, room = list(must), total - sum(must)
    for c in sorted(range(ncols), key=lambda c: wish[c] - must[c]):
        floor[c] += min(room, wish[c] - must[c])
        room -= floor[c] - must[c]
    # Water-filling: a column whose share of the template's widths is below its floor gets the
    # floor, one whose share is above its widest cell gets that width ("Oui", "70 %" need no
    # more); the others share what is left in the template's proportions.
    ceiling = [max(f, _CELL_PAD + w) for f, w in zip(floor, full, strict=True)]
    columns = _water_fill(weights, floor, ceiling, total)
    if columns is None:  # every column's content is short: the template's widths as they are
        columns = _water_fill(weights, floor, [total] * ncols, total) or list(floor)
    return _fill(columns, total)


def _bold(cell: Cell) -> bool:
    """Is the cell bold throughout (a requirement id, a total)? It prints wider, and an id must
    not break at its hyphen ("OMN-" / "007")."""
    paragraphs = [b for b in cell.blocks if isinstance(b, Paragraph)]
    return (
        bool(paragraphs)
        and len(paragraphs) == len(cell.blocks)
        and all(all(isinstance(n, Strong) for n in p.children) for p in paragraphs)
    )


def _water_fill(
    weights: list[int], floor: list[int], ceiling: list[int], total: int
) -> list[int] | None:
    """``total`` shared in proportion to ``weights``, each column between its floor and its
    ceiling (floors first: they may leave no room above a ceiling); None when every column
    would stop at its ceiling short of ``total``."""
    ncols = len(weights)
    fixed: dict[int, int] = {}
    share: dict[int, float] = {}
    while len(fixed) < ncols:
        free = total - sum(fixed.values())
        weight = sum(weights[c] for c in range(ncols) if c not in fixed)
        if weight <= 0:
            break
        share = {c: weights[c] * free / weight for c in range(ncols) if c not in fixed}
        low = {c: floor[c] for c, w in share.items() if w < floor[c]}
        high = {c: ceiling[c] for c, w in share.items() if w > ceiling[c]}
        if not low and not high:
            break
        fixed.update(low or high)
    if len(fixed) == ncols and sum(fixed.values()) < total:
        return None
    return [fixed[c] if c in fixed else int(share.get(c, floor[c])) for c in range(ncols)]


def _fill(columns: list[int], total: int) -> list[int]:
    """The last column takes what rounding left over, so the table spans the text width."""
    columns[-1] += total - sum(columns)
    return columns
