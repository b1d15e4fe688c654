"""The Word styles and lists the report needs, set on whatever reference document is used.

Kept here rather than only in the package's reference document so that a project's own
``reference.docx`` gets the same numbering, languages and table style.

* numbering.xml: a multilevel list bound to Heading 1-4 (« 1 », « 1.1 », « 3.2.4 ») and an
  annex list (« Annexe A », « A.1 »);
* styles.xml: Calibri (Word 2007 and later; LibreOffice substitutes Carlito, its metric
  twin, so pages break at the same places), French, no hidden style, TOC 1-3, table of
  figures, footer, centred captions and the table style « Tableau CMQ ».
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from cmqreport.convert.docx.xml import NS, PPR, RPR, STYLE, TBLPR, Element, child, put, w

__all__ = ["ANNEX_NUM_ID", "FONT", "HEADING_NUM_ID", "TABLE_STYLE", "numbering_xml", "styles_xml"]

FONT = "Calibri"
HEADING_NUM_ID = "901"
ANNEX_NUM_ID = "902"
TABLE_STYLE = "TableauCMQ"
#: Table text size in half-points (9.5 pt): the widths in tables.py are measured for it.
TABLE_FONT_HALF_PT = 19
#: Right edge of the text on A4 with 2.5 cm margins, in twips.
TEXT_WIDTH = 9071

_Level = tuple[str, str, str | None, int]
_HEADING_LEVELS: list[_Level] = [
    ("decimal", "%1", "Heading1", 567),
    ("decimal", "%1.%2", "Heading2", 709),
    ("decimal", "%1.%2.%3", "Heading3", 851),
    ("decimal", "%1.%2.%3.%4", "Heading4", 1021),
]
_ANNEX_LEVELS: list[_Level] = [
    ("upperLetter", "Annexe %1", None, 1701),
    ("decimal", "%1.%2", None, 709),
    ("decimal", "%1.%2.%3", None, 851),
    ("decimal", "%1.%2.%3.%4", None, 1021),
]


# ---------------------------------------------------------------- numbering.xml
def _abstract(root: Element, aid: str, nsid: str, levels: list[_Level]) -> Element:
    a = etree.Element(w("abstractNum"), {w("abstractNumId"): aid})
    etree.SubElement(a, w("nsid"), {w("val"): nsid})
    etree.SubElement(a, w("multiLevelType"), {w("val"): "multilevel"})
    for ilvl, (fmt, text, style, indent) in enumerate(levels):
        lvl = etree.SubElement(a, w("lvl"), {w("ilvl"): str(ilvl)})
        etree.SubElement(lvl, w("start"), {w("val"): "1"})
        etree.SubElement(lvl, w("numFmt"), {w("val"): fmt})
        if style:
            etree.SubElement(lvl, w("pStyle"), {w("val"): style})
        etree.SubElement(lvl, w("suff"), {w("val"): "tab"})
        etree.SubElement(lvl, w("lvlText"), {w("val"): text})
        etree.SubElement(lvl, w("lvlJc"), {w("val"): "left"})
        ppr = etree.SubElement(lvl, w("pPr"))
        etree.SubElement(ppr, w("ind"), {w("left"): str(indent), w("hanging"): str(indent)})
    return a


def numbering_xml(root: Element) -> None:
    """Add the heading and annex lists (ids far from the ones pandoc gives its lists)."""
    for old in root.xpath(
        "w:abstractNum[@w:abstractNumId='901' or @w:abstractNumId='902']"
        " | w:num[@w:numId='901' or @w:numId='902']",
        namespaces=NS,
    ):
        root.remove(old)
    nums = root.findall(w("num"))
    for n in nums:  # every abstractNum must come before the first num
        root.remove(n)
    root.append(_abstract(root, "901", "0CA90901", _HEADING_LEVELS))
    root.append(_abstract(root, "902", "0CA90902", _ANNEX_LEVELS))
    for n in nums:
        root.append(n)
    for num_id in (HEADING_NUM_ID, ANNEX_NUM_ID):
        num = etree.SubElement(root, w("num"), {w("numId"): num_id})
        etree.SubElement(num, w("abstractNumId"), {w("val"): num_id})


# ---------------------------------------------------------------- styles.xml
def _style(root: Element, sid: str, name: str, kind: str = "paragraph") -> Element:
    st = root.find(f"w:style[@w:styleId='{sid}']", NS)
    if st is None:
        st = etree.SubElement(root, w("style"), {w("type"): kind, w("styleId"): sid})
        put(st, "name", STYLE, {"val": name})
        put(st, "basedOn", STYLE, {"val": "TableNormal" if kind == "table" else "Normal"})
    return st


def _fonts(rpr: Element) -> None:
    put(rpr, "rFonts", RPR, {"ascii": FONT, "hAnsi": FONT, "cs": FONT, "eastAsia": FONT})


def _defaults(root: Element, lang: str) -> None:
    """Document font and language; no hidden style, no theme font (Aptos is Office 365's)."""
    defaults = root.find("w:docDefaults", NS)
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        root.insert(0, defaults)
    rpr = child(child(defaults, "rPrDefault", ["rPrDefault", "pPrDefault"]), "rPr", ["rPr"])
    _fonts(rpr)
    put(rpr, "lang", RPR, {"val": lang, "eastAsia": lang, "bidi": "ar-SA"})
    for st in root.findall("w:style", NS):
        for tag in ("semiHidden", "hidden", "unhideWhenUsed"):
            for el in st.findall(w(tag)):
                st.remove(el)
        srpr = st.find(w("rPr"))
        if srpr is not None and srpr.find(w("rFonts")) is not None:
            _fonts(srpr)
    normal = _style(root, "Normal", "Normal")
    put(child(normal, "rPr", STYLE), "lang", RPR, {"val": lang, "eastAsia": lang, "bidi": "ar-SA"})


def _headings(root: Element) -> None:
    """Heading 1-4 numbered by the multilevel list; chapters start a page."""
    for level in range(1, 5):
        st = _style(root, f"Heading{level}", f"heading {level}")
        ppr = child(st, "pPr", STYLE)
        numpr = put(ppr, "numPr", PPR)
        if level > 1:
            etree.SubElement(numpr, w("ilvl"), {w("val"): str(level - 1)})
        etree.SubElement(numpr, w("numId"), {w("val"): HEADING_NUM_ID})
        put(ppr, "outlineLvl", PPR, {"val": str(level - 1)})
        put(ppr, "keepNext", PPR)
        if level == 1:
            put(ppr, "pageBreakBefore", PPR)


def _title_page(root: Element) -> None:
    title = _style(root, "Title", "Title")
    put(child(title, "pPr", STYLE), "spacing", PPR, {"before": "4000", "after": "600"})
    # pandoc's Subtitle, Author and Date are based on Title: give them their own spacing
    for sid, before in (("Subtitle", "240"), ("Author", "2400"), ("Date", "1200")):
        ppr = child(_style(root, sid, sid), "pPr", STYLE)
        put(ppr, "spacing", PPR, {"before": before, "after": "240"})
        put(ppr, "jc", PPR, {"val": "center"})
        numpr = ppr.find(w("numPr"))
        if numpr is not None:
            ppr.remove(numpr)


def _lists(root: Element) -> None:
    """TOC 1-3, table of figures and the lists' own titles (neither numbered nor listed)."""
    for level in range(1, 4):
        ppr = child(_style(root, f"TOC{level}", f"toc {level}"), "pPr", STYLE)
        put(ppr, "spacing", PPR, {"before": "120" if level == 1 else "0", "after": "40"})
        indent, hang = (0, 220, 440)[level - 1], (567, 709, 851)[level - 1]
        put(ppr, "ind", PPR, {"left": str(indent + hang), "hanging": str(hang), "right": "567"})
        if level == 1:
            put(child(root.find(f"w:style[@w:styleId='TOC{level}']", NS), "rPr", STYLE), "b", RPR)
    ppr = child(_style(root, "TableofFigures", "table of figures"), "pPr", STYLE)
    put(ppr, "spacing", PPR, {"after": "40"})
    put(ppr, "ind", PPR, {"left": "0", "right": "567"})
    toch = _style(root, "TOCHeading", "TOC Heading")
    tppr = child(toch, "pPr", STYLE)
    put(tppr, "keepNext", PPR)
    put(tppr, "pageBreakBefore", PPR, {"val": "0"})
    etree.SubElement(put(tppr, "numPr", PPR), w("numId"), {w("val"): "0"})
    put(tppr, "spacing", PPR, {"before": "240", "after": "240"})
    put(tppr, "ind", PPR, {"left": "0", "hanging": "0"})
    put(tppr, "outlineLvl", PPR, {"val": "9"})
    trpr = child(toch, "rPr", STYLE)
    put(trpr, "b", RPR)
    put(trpr, "sz", RPR, {"val": "32"})


def _page_parts(root: Element) -> None:
    """Footer, captions (centred, kept with their table) and centred figures."""
    st = _style(root, "Footer", "footer")
    put(child(st, "pPr", STYLE), "tabs", PPR).append(
        etree.Element(w("tab"), {w("val"): "right", w("pos"): str(TEXT_WIDTH)})
    )
    put(child(st, "rPr", STYLE), "sz", RPR, {"val": "18"})
    for sid, name in (
        ("ImageCaption", "Image Caption"),
        ("TableCaption", "Table Caption"),
        ("CaptionedFigure", "Captioned Figure"),
        ("Figure", "Figure"),
    ):
        ppr = child(_style(root, sid, name), "pPr", STYLE)
        put(ppr, "jc", PPR, {"val": "center"})
        if sid in ("TableCaption", "CaptionedFigure", "Figure"):
            put(ppr, "keepNext", PPR)


def _table_style(root: Element) -> None:
    """« Tableau CMQ »: thin grey borders, a shaded bold header row, 9.5 pt text."""
    old = root.find(f"w:style[@w:styleId='{TABLE_STYLE}']", NS)
    if old is not None:
        root.remove(old)
    st = _style(root, TABLE_STYLE, "Tableau CMQ", kind="table")
    put(st, "uiPriority", STYLE, {"val": "39"})
    put(st, "qFormat", STYLE)
    put(child(st, "pPr", STYLE), "spacing", PPR, {"before": "20", "after": "20"})
    put(child(st, "rPr", STYLE), "sz", RPR, {"val": str(TABLE_FONT_HALF_PT)})
    tblpr = child(st, "tblPr", STYLE)
    borders = put(tblpr, "tblBorders", TBLPR)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(
            borders,
            w(side),
            {w("val"): "single", w("sz"): "4", w("space"): "0", w("color"): "808080"},
        )
    mar = put(tblpr, "tblCellMar", TBLPR)
    for side in ("left", "right"):
        etree.SubElement(mar, w(side), {w("w"): "108", w("type"): "dxa"})
    first = etree.SubElement(st, w("tblStylePr"), {w("type"): "firstRow"})
    etree.SubElement(etree.SubElement(first, w("rPr")), w("b"))
    etree.SubElement(
        etree.SubElement(first, w("tcPr")),
        w("shd"),
        {w("val"): "clear", w("color"): "auto", w("fill"): "D9E2F3"},
    )


def styles_xml(root: Element, lang: str) -> None:
    """Every style the report needs, on top of the reference document's."""
    _defaults(root, lang)
    _headings(root)
    _title_page(root)
    _lists(root)
    _page_parts(root)
    _table_style(root)
