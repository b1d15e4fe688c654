"""The parts of the package pandoc cannot write: heading numbers, page fields, footer,
settings, theme and core properties."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from cmqreport.convert.docx.styles import ANNEX_NUM_ID, FONT
from cmqreport.convert.docx.xml import NS, PPR, R_NS, W_NS, Element, put, text_of, w

__all__ = ["core_xml", "footer_xml", "headings", "page_fields", "settings_xml", "theme_xml"]

#: Between two pages of a list, and inside a range of three pages or more (« 30–33 »).
PAGE_SEP = ", "
PAGE_RANGE = "\u2013"
_PAGEREF = re.compile(r"^\s*PAGEREF (\S+)")


def headings(body: Element, manifest: Mapping[str, Any]) -> None:
    """Unnumbered headings out of the list, annex headings on the annex list."""
    kinds = {h["bm"]: h for h in manifest["headings"]}
    for p in body.iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is None or not style.get(w("val"), "").startswith("Heading"):
            continue
        h = next(
            (kinds[n] for b in p.iter(w("bookmarkStart")) if (n := b.get(w("name"))) in kinds),
            None,
        )
        if h is None:
            continue
        ppr = p.find(w("pPr"))
        if h["kind"] == "unnumbered":
            etree.SubElement(put(ppr, "numPr", PPR), w("numId"), {w("val"): "0"})
            put(ppr, "ind", PPR, {"left": "0", "hanging": "0"})
        elif h["annex_part"]:
            numpr = put(ppr, "numPr", PPR)
            etree.SubElement(numpr, w("ilvl"), {w("val"): str(h["level"] - 1)})
            etree.SubElement(numpr, w("numId"), {w("val"): ANNEX_NUM_ID})


# ---------------------------------------------------------------- page numbers
def _run(text: str) -> Element:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _field_run(kind: str) -> Element:
    r = etree.Element(w("r"))
    etree.SubElement(r, w("fldChar"), {w("fldCharType"): kind})
    return r


def _instr_run() -> Element:
    r = etree.Element(w("r"))
    etree.SubElement(r, w("instrText")).set(
        "{http://www.w3.org/XML/1998/namespace}space", "preserve"
    )
    return r


#: The runs of a PAGEREF field, copied for each (a copy costs less than building them:
#: a page list of every use of every acronym holds hundreds)
_BEGIN, _INSTR, _SEPARATE, _END = (
    _field_run("begin"),
    _instr_run(),
    _field_run("separate"),
    _field_run("end"),
)


def _pageref(bm: str, page: int | None) -> list[Element]:
    instr = copy.copy(_INSTR)
    instr[0].text = f" PAGEREF {bm} \\h "
    return [
        copy.copy(_BEGIN),
        instr,
        copy.copy(_SEPARATE),
        _run("?" if page is None else str(page)),
        copy.copy(_END),
    ]


def _groups(bms: list[str], pages: Mapping[str, int]) -> list[list[tuple[int, str]]]:
    """The first use on each page, in page order, cut into runs of consecutive pages."""
    first: dict[int, str] = {}
    for bm in bms:
        if bm in pages:
            first.setdefault(pages[bm], bm)
    runs: list[list[tuple[int, str]]] = []
    for page, bm in sorted(first.items()):
        if runs and runs[-1][-1][0] == page - 1:
            runs[-1].append((page, bm))
        else:
            runs.append([(page, bm)])
    return runs


def _page_list(bms: list[str], pages: Mapping[str, int] | None) -> list[Element]:
    """« 1, 3, 4, 10, 30–33 »: one PAGEREF per distinct page, runs of 3+ pages a range.

    Without a layout the pages are unknown: one PAGEREF per use, which Word and LibreOffice
    compute when they open the file (they cannot merge equal pages).
    """
    out: list[Element] = []
    if pages is None:
        for bm in bms:
            out += [*([_run(PAGE_SEP)] if out else []), *_pageref(bm, None)]
        return out
    for run in _groups(bms, pages):
        if out:
            out.append(_run(PAGE_SEP))
        if len(run) >= 3:
            out += [*_pageref(run[0][1], run[0][0]), _run(PAGE_RANGE)]
            out += _pageref(run[-1][1], run[-1][0])
            continue
        for k, (page, bm) in enumerate(run):
            out += [*([_run(PAGE_SEP)] if k else []), *_pageref(bm, page)]
    return out


def _styled_runs(body: Element, style: str) -> list[Element]:
    """The runs of character style ``style``, in document order (what the XPath
    ``.//w:r[w:rPr/w:rStyle/@w:val=style]`` finds, at a third of its cost)."""
    r_pr, run = w("rPr"), w("r")
    found: list[Element] = []
    for el in body.iter(w("rStyle")):
        parent = el.getparent()
        if el.get(w("val")) == style and parent.tag == r_pr:
            r = parent.getparent()
            if r is not None and r.tag == run and (not found or found[-1] is not r):
                found.append(r)
    return found


def page_fields(body: Element, pages: Mapping[str, int] | None) -> None:
    """Write the page lists and the cached result of every PAGEREF from ``pages``."""
    names = {b.get(w("name")) for b in body.iter(w("bookmarkStart"))}
    for r in _styled_runs(body, "CmqPages"):
        bms = [bm for bm in text_of(r).split() if bm in names]
        parent, at = r.getparent(), r.getparent().index(r)
        parent.remove(r)
        for k, el in enumerate(_page_list(bms, pages)):
            parent.insert(at + k, el)
    if pages is None:
        return
    for it in body.iter(w("instrText")):
        m = _PAGEREF.match(it.text or "")
        page = pages.get(m.group(1)) if m else None
        if page is None:
            continue
        r = it.getparent().getnext()  # the separate run, then the cached result
        cached = r.getnext() if r is not None else None
        t = cached.find(w("t")) if cached is not None else None
        if t is not None:
            t.text = str(page)


# ---------------------------------------------------------------- small parts
def footer_xml(short_title: str) -> bytes:
    """The footer: the report's short title on the left, the page number on the right."""
    ftr = etree.Element(w("ftr"), nsmap={"w": W_NS, "r": R_NS})
    p = etree.SubElement(ftr, w("p"))
    etree.SubElement(etree.SubElement(p, w("pPr")), w("pStyle"), {w("val"): "Footer"})
    p.append(_run(short_title))
    etree.SubElement(etree.SubElement(p, w("r")), w("tab"))
    for el in _pageref("", 1):
        p.append(el)
    p.findall(f".//{w('instrText')}")[0].text = " PAGE "
    out: bytes = etree.tostring(ftr, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


#: The children of w:settings that come after w:updateFields, in the schema's order.
_SETTINGS_AFTER_UPDATE = [
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]


def settings_xml(root: Element, lang: str) -> None:
    """Fields refreshed when Word opens the file; French theme language and decimal comma."""
    for tag in ("updateFields", "themeFontLang", "decimalSymbol", "listSeparator"):
        for el in root.findall(w(tag)):
            root.remove(el)

    def before(el: Element, names: list[str]) -> None:
        anchor = next((c for c in root if etree.QName(c).localname in names), None)
        (anchor.addprevious(el) if anchor is not None else root.append(el))

    i = _SETTINGS_AFTER_UPDATE.index
    before(etree.Element(w("updateFields"), {w("val"): "true"}), _SETTINGS_AFTER_UPDATE)
    before(
        etree.Element(w("themeFontLang"), {w("val"): lang}),
        _SETTINGS_AFTER_UPDATE[i("clrSchemeMapping") :],
    )
    root.append(etree.Element(w("decimalSymbol"), {w("val"): ","}))
    root.append(etree.Element(w("listSeparator"), {w("val"): ";"}))


def theme_xml(data: bytes) -> bytes:
    """Theme fonts Word 2016 and LibreOffice both have (the default Aptos is Office 365's)."""
    s = data.decode("utf-8")
    s = re.sub(
        r"(<a:(?:major|minor)Font>\s*)<a:latin [^>]*/>", rf'\g<1><a:latin typeface="{FONT}"/>', s
    )
    return s.encode("utf-8")


def core_xml(root: Element, props: Mapping[str, str]) -> None:
    """Word's document properties: language, subject, last author, revision."""
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    for tag, ns, value in (
        ("title", dc, props.get("title", "")),
        ("subject", dc, props.get("subject", "")),
        ("creator", dc, props.get("author", "")),
        ("lastModifiedBy", cp, props.get("author", "")),
        ("revision", cp, "1"),
        ("language", dc, props.get("lang") or "fr-FR"),
    ):
        el = root.find(f"{{{ns}}}{tag}")
        if el is None:
            el = etree.SubElement(root, f"{{{ns}}}{tag}")
        if value:
            el.text = value
