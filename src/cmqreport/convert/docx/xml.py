"""WordprocessingML helpers: namespaces, and children put at their schema position.

Word refuses a file whose elements come out of the schema's order, so every child this
package adds goes through :func:`put`, which knows the order of the parents it edits.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped]

__all__ = [
    "NS",
    "PPR",
    "RPR",
    "R_NS",
    "SECTPR",
    "STYLE",
    "TBLPR",
    "TCPR",
    "TRPR",
    "W_NS",
    "Element",
    "child",
    "dump",
    "first",
    "parse",
    "put",
    "text_of",
    "w",
]

#: An lxml element (lxml ships no type information).
Element = Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS, "r": R_NS}


def _order(names: str) -> list[str]:
    return names.split()


# Schema order of the children this package touches (ECMA-376 part 1, 17.3 and 17.4).
PPR = _order(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
RPR = _order(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
TBLPR = _order(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
TCPR = _order(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)
TRPR = _order(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden"
)
SECTPR = _order(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
)
STYLE = _order(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
)


def w(tag: str) -> str:
    """``tag`` in the WordprocessingML namespace (``{…/main}tag``)."""
    return f"{{{W_NS}}}{tag}"


def put(
    parent: Element, tag: str, order: list[str], attrs: dict[str, str] | None = None
) -> Element:
    """A new child ``w:tag`` of ``parent`` at its schema position, replacing an old one."""
    old = parent.find(w(tag))
    if old is not None:
        parent.remove(old)
    el = etree.Element(w(tag))
    for key, value in (attrs or {}).items():
        el.set(w(key), value)
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = etree.QName(sibling).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def child(parent: Element, tag: str, order: list[str]) -> Element:
    """The child ``w:tag`` of ``parent``, made (empty, in place) when missing."""
    el = parent.find(w(tag))
    return el if el is not None else put(parent, tag, order)


def first(parent: Element, tag: str) -> Element:
    """The child ``w:tag`` of ``parent``, made as its first child when missing (``w:pPr``,
    ``w:trPr``, ``w:tcPr``: the properties come before the content)."""
    el = parent.find(w(tag))
    if el is None:
        el = etree.Element(w(tag))
        parent.insert(0, el)
    return el


def text_of(el: Element) -> str:
    """The visible text under ``el`` (its ``w:t``; field instructions left out)."""
    return "".join(t.text or "" for t in el.iter(w("t")))


def parse(data: bytes) -> Element:
    """One XML part, parsed (no network, no entities: the parts are our own)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def dump(root: Element) -> bytes:
    """One XML part as Word writes it: UTF-8 with a standalone declaration."""
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out
