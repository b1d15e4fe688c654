"""The DOCX pandoc writes with ``data/filters/docx.lua``, finished at the package level.

The filter puts the fields in the body (captions, REF, TOC/TOF/TOT with cached entries,
placeholders for the page lists). What pandoc cannot express is done here with lxml:
heading numbering, styles, tables, page fields, footer, settings, theme and core
properties, and a deterministic ZIP (same input, same bytes). :mod:`.layout` runs
LibreOffice to learn the page of every bookmark; :mod:`.reference` checks a project's own
reference document.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from cmqreport.convert.docx import layout, parts, styles, tables
from cmqreport.convert.docx.xml import R_NS, SECTPR, dump, parse, put, w

__all__ = ["Raw", "finish", "paginate", "read_raw"]

_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_FOOTER_ID = "rIdCmqFooter1"


@dataclass(frozen=True)
class Raw:
    """What pandoc wrote: the package's parts, and the filter's manifest."""

    parts: dict[str, bytes]
    manifest: dict[str, Any]


def read_raw(docx: Path, manifest: Path) -> Raw:
    """The parts of pandoc's DOCX and the manifest the filter wrote beside it."""
    with zipfile.ZipFile(docx) as z:
        content = {i.filename: z.read(i.filename) for i in z.infolist()}
    return Raw(content, json.loads(manifest.read_text(encoding="utf-8")))


def _section(body: Any) -> Any:
    """A4, 2.5 cm margins, the footer, none on the title page."""
    sect = body.find(w("sectPr"))
    for el in sect.findall(w("footerReference")):
        sect.remove(el)
    sect.insert(
        0, etree.Element(w("footerReference"), {w("type"): "default", f"{{{R_NS}}}id": _FOOTER_ID})
    )
    put(sect, "pgSz", SECTPR, {"w": "11906", "h": "16838"})
    margins = {"top": "1417", "right": "1417", "bottom": "1417", "left": "1417"}
    put(sect, "pgMar", SECTPR, {**margins, "header": "708", "footer": "708", "gutter": "0"})
    put(sect, "titlePg", SECTPR)
    return sect


def _document(data: bytes, manifest: Mapping[str, Any], pages: Mapping[str, int] | None) -> bytes:
    doc = parse(data)
    body = doc.find(w("body"))
    parts.headings(body, manifest)
    parts.page_fields(body, pages)
    wide = tables.tables(body)
    tables.landscape(wide, _section(body))
    return dump(doc)


def _footer(content: dict[str, bytes], short_title: str) -> None:
    content["word/footer1.xml"] = parts.footer_xml(short_title)
    rels = parse(content["word/_rels/document.xml.rels"])
    if rels.find(f"{{{_PKG_REL}}}Relationship[@Id='{_FOOTER_ID}']") is None:
        etree.SubElement(
            rels,
            f"{{{_PKG_REL}}}Relationship",
            {"Id": _FOOTER_ID, "Type": _FOOTER_REL, "Target": "footer1.xml"},
        )
    content["word/_rels/document.xml.rels"] = dump(rels)
    ct = parse(content["[Content_Types].xml"])
    if ct.find(f"{{{_CT}}}Override[@PartName='/word/footer1.xml']") is None:
        etree.SubElement(
            ct, f"{{{_CT}}}Override", {"PartName": "/word/footer1.xml", "ContentType": _FOOTER_CT}
        )
    content["[Content_Types].xml"] = dump(ct)


def finish(raw: Raw, target: Path, pages: Mapping[str, int] | None) -> None:
    """Write the finished DOCX to ``target``; ``pages`` maps bookmarks to their page."""
    content = dict(raw.parts)
    props = {
        k: str(raw.manifest.get(k) or "")
        for k in ("short_title", "author", "lang", "subject", "title")
    }
    lang = props["lang"] or "fr-FR"
    content["word/document.xml"] = _document(content["word/document.xml"], raw.manifest, pages)
    edits: dict[str, Callable[[Any], None]] = {
        "word/styles.xml": lambda r: styles.styles_xml(r, lang),
        "word/numbering.xml": styles.numbering_xml,
        "word/settings.xml": lambda r: parts.settings_xml(r, lang),
        "docProps/core.xml": lambda r: parts.core_xml(r, props),
    }
    for name, edit in edits.items():
        root = parse(content[name])
        edit(root)
        content[name] = dump(root)
    for name in [n for n in content if n.startswith("word/theme/")]:
        content[name] = parts.theme_xml(content[name])
    _footer(content, props["short_title"])
    write_zip(target, content)


def write_zip(target: Path, content: Mapping[str, bytes]) -> None:
    """Deterministic ZIP: [Content_Types].xml first, then sorted names, fixed dates."""
    names = ["[Content_Types].xml", *sorted(n for n in content if n != "[Content_Types].xml")]
    with zipfile.ZipFile(target, "w") as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content[name], compresslevel=9)


#: How long one LibreOffice layout may take (the example takes 5-15 s): a document that
#: LibreOffice cannot lay out in that time keeps the page fields that Word computes.
LAYOUT_SECONDS = 120


def paginate(raw: Raw, target: Path, soffice: str, passes: int = 2) -> list[str]:
    """Give ``target`` the page numbers of LibreOffice's layout; return warnings.

    The first layout gives every page; the DOCX is then written with merged page lists,
    which shortens the lists, so what follows them (the references) may move: a second
    layout checks that, and the DOCX is written again if it did. Measured on the example,
    the pages are stable after the second layout.
    """
    pages: dict[str, int] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(passes):
            try:
                pdf = layout.to_pdf(soffice, target, Path(tmp), dests=True, timeout=LAYOUT_SECONDS)
                found = layout.bookmark_pages(pdf)
            except (OSError, subprocess.SubprocessError, ValueError) as exc:
                return [
                    f"LibreOffice n'a pas mis le DOCX en pages ({exc.__class__.__name__}) : "
                    "Word calculera les numéros de page à l'ouverture."
                ]
            if not found:  # no destination read: keep the fields Word computes itself
                return [
                    "LibreOffice n'a donné aucune page : Word calculera les numéros de "
                    "page à l'ouverture."
                ]
            if found == pages:
                break
            pages = found
            finish(raw, target, pages)
    return []
