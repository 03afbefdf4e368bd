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
    Table,
    plain_text,
)
from cdc.rendering.writers._docx_xml import MONO, PPR_ORDER, local, shade

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
            if name == "Table Text":
                font.size = Pt(9.5)
        return True


#: Rough width of one character of table text, cell padding and a turned line, in twips.
_CHAR, _CELL_PAD, _LINE = 110, 240, 250
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
    """Column widths in twips, from the template's relative widths or else guessed from the
    text (LibreOffice does not auto-fit Word tables: equal columns would squeeze a RACI's
    activity column). Either way a column is widened, at the expense of roomier ones, until
    its longest word fits: Word and LibreOffice would otherwise cut "Conformité" in two."""
    longest, body, turned = [0] * ncols, [4] * ncols, [0] * ncols
    for n, row in enumerate(rows):
        in_header = n == 0 and bool(table.header)
        for c, cell in enumerate(row):
            text = block_text(cell.blocks)
            if in_header and rotated and c:  # turned title: as many lines as it needs
                lines = -(-(_CELL_PAD + _CHAR * len(text)) // ROTATED_HEIGHT)
                turned[c] = max(turned[c], _CELL_PAD + _LINE * lines)
            else:
                longest[c] = max(longest[c], *(len(w) for w in text.split()), 0)
            if not in_header:
                body[c] = max(body[c], min(len(text), 40))
    weights = list(table.widths) if len(table.widths) == ncols else []
    if not weights or sum(weights) <= 0:
        weights = [max(b, w + 1) for b, w in zip(body, longest, strict=True)]
    columns = [int(w * total / sum(weights)) for w in weights]
    mins = [
        min(total // 3, max(_CELL_PAD + _CHAR * n, t)) for n, t in zip(longest, turned, strict=True)
    ]
    deficit = sum(max(0, m - c) for c, m in zip(columns, mins, strict=True))
    slack = [max(0, c - m) for c, m in zip(columns, mins, strict=True)]
    if deficit and sum(slack) >= deficit:
        share = deficit / sum(slack)
        columns = [max(c, m) - int(s * share) for c, m, s in zip(columns, mins, slack, strict=True)]
    columns[-1] += total - sum(columns)
    return columns
