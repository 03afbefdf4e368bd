"""Find a workbook's parts the way Excel does: by relationships and content types, not names.

An XLSX is an Open Packaging Conventions package (ECMA-376 part 2): ``_rels/.rels`` names the
main part (the ``officeDocument`` relationship), whose own relationships name the worksheets,
the shared strings and the styles, each by relationship *type*; ``[Content_Types].xml`` says
what each part is. Excel, LibreOffice and openpyxl read a package that way. Reading it any
other way — ``xl/workbook.xml`` because that is where it usually is, ``sharedStrings`` because
of a file name — would let a crafted file show one thing to the buyer in Excel and another to
cdc (a decoy workbook nobody sees). So the parts are found as Excel finds them, and a package
whose parts disagree (a missing target, a part declared as something else, two entries or two
sheets under the same name) is refused rather than guessed at.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from cdc.reading.responses._xlsx_zip import XlsxFormatError, local_name, parse_xml, read_part

_TYPE_BASES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
)
_SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
#: Content types of a workbook's main part: workbook, template, macro-enabled variants.
_MAIN_TYPES = frozenset(
    {
        f"{_SHEETML}sheet.main+xml",
        f"{_SHEETML}template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    }
)
_PART_TYPES = {
    "worksheet": f"{_SHEETML}worksheet+xml",
    "sharedStrings": f"{_SHEETML}sharedStrings+xml",
    "styles": f"{_SHEETML}styles+xml",
}
_REL_ID = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)


@dataclass
class Parts:
    """Where a workbook's parts are (entry names in the zip)."""

    workbook: bytes
    #: (sheet name, worksheet part or None when the sheet is not a worksheet), in order.
    sheets: list[tuple[str, str | None]] = field(default_factory=list)
    shared_strings: str | None = None
    styles: str | None = None


def _rel_type(uri: str) -> str | None:
    """``…/relationships/worksheet`` → ``worksheet`` (transitional or strict), else None."""
    for base in _TYPE_BASES:
        if uri.startswith(base):
            return uri[len(base) :]
    return None


class _Package:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names: dict[str, str] = {}
        for info in archive.infolist():
            key = info.filename.casefold()  # part names compare case-insensitively (OPC)
            if key in self.names:
                raise XlsxFormatError(
                    f"the package holds two entries named '{info.filename}': "
                    "it is not a workbook Excel would open"
                )
            self.names[key] = info.filename
        types = self.read("[Content_Types].xml")
        if types is None:
            raise XlsxFormatError("no [Content_Types].xml: not an Office package")
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        for item in parse_xml(types):
            kind = local_name(item.tag)
            if kind == "Default":
                self.defaults[item.get("Extension", "").casefold()] = item.get("ContentType", "")
            elif kind == "Override":
                name = item.get("PartName", "").lstrip("/").casefold()
                self.overrides[name] = item.get("ContentType", "")

    def entry(self, part: str) -> str | None:
        return self.names.get(part.casefold())

    def read(self, part: str) -> bytes | None:
        name = self.entry(part)
        return None if name is None else read_part(self.archive, name)

    def content_type(self, part: str) -> str:
        found = self.overrides.get(part.casefold())
        if found is not None:
            return found
        return self.defaults.get(posixpath.splitext(part)[1].lstrip(".").casefold(), "")

    def relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target part) of the relationships of ``source`` ('' for the package)."""
        folder, base = posixpath.split(source)
        rels = self.read(posixpath.join(folder, "_rels", f"{base}.rels"))
        out: dict[str, tuple[str, str]] = {}
        for rel in parse_xml(rels) if rels else ():
            rid, uri, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
            if local_name(rel.tag) != "Relationship" or not rid or not target:
                continue
            if rel.get("TargetMode") == "External":
                continue
            if rid in out:
                raise XlsxFormatError(f"relationship '{rid}' of '{source or '/'}' appears twice")
            joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            part = posixpath.normpath(joined)
            if part.startswith("..") or part == ".":
                raise XlsxFormatError(f"relationship '{rid}' points outside the package")
            out[rid] = (uri, part)
        return out

    def require(self, part: str, kind: str, expected: frozenset[str]) -> str:
        """The entry of ``part``, which must exist with one of the ``expected`` content types."""
        name = self.entry(part)
        if name is None:
            raise XlsxFormatError(f"the {kind} part '/{part}' is missing from the package")
        found = self.content_type(part)
        if found not in expected:
            raise XlsxFormatError(
                f"part '/{part}' is used as the {kind} but declared as '{found or 'nothing'}'"
            )
        return name


def locate(archive: zipfile.ZipFile) -> Parts:
    """The workbook's parts, found from ``_rels/.rels``; raises XlsxFormatError when the package
    is inconsistent (Excel would not open it, or would show other parts than named)."""
    package = _Package(archive)
    mains = [
        part
        for uri, part in package.relationships("").values()
        if _rel_type(uri) == "officeDocument"
    ]
    if len(mains) != 1:
        raise XlsxFormatError(
            "the package names no workbook (no officeDocument relationship in _rels/.rels)"
            if not mains
            else "the package names more than one workbook"
        )
    main = mains[0]
    package.require(main, "workbook", _MAIN_TYPES)
    data = package.read(main)
    assert data is not None  # require() found it
    parts = Parts(workbook=data)
    rels = package.relationships(main)
    for uri, part in rels.values():
        kind = _rel_type(uri)
        if kind in ("sharedStrings", "styles"):
            name = package.require(part, kind, frozenset({_PART_TYPES[kind]}))
            if getattr(parts, "shared_strings" if kind == "sharedStrings" else "styles"):
                raise XlsxFormatError(f"the workbook has two {kind} parts")
            setattr(parts, "shared_strings" if kind == "sharedStrings" else "styles", name)
    seen: dict[str, str] = {}
    for element in parse_xml(data).iter():
        if local_name(element.tag) != "sheet":
            continue
        name = element.get("name") or ""
        rid = next((element.get(a) for a in _REL_ID if element.get(a)), None)
        if not name or rid is None:
            raise XlsxFormatError("the workbook lists a sheet without a name or a part")
        folded = name.casefold()
        if folded in seen:
            raise XlsxFormatError(
                f"two sheets are named '{seen[folded]}' and '{name}' (Excel compares sheet names "
                "without case): which one is meant cannot be told"
            )
        seen[folded] = name
        if rid not in rels:
            raise XlsxFormatError(
                f"sheet '{name}' points to a relationship '{rid}' that is missing"
            )
        uri, part = rels[rid]
        if _rel_type(uri) != "worksheet":
            parts.sheets.append((name, None))  # a chart sheet or a dialog: no cells
            continue
        parts.sheets.append(
            (name, package.require(part, f"sheet '{name}'", frozenset({_PART_TYPES["worksheet"]})))
        )
    return parts
