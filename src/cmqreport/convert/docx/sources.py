"""The map from source bookmarks to data places, kept inside the DOCX.

A custom XML part (``customXml/item1.xml``, its properties and relationships): Word and
LibreOffice keep such parts when they save the file, so the DOCX alone is enough for
``cmqreport review``. Each ``<s>`` element is one ``_Src_K`` bookmark of the body.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from cmqreport.convert.docx.xml import dump, parse

__all__ = ["NS", "PREFIX", "embed", "read_map"]

#: The namespace of the map; its version is the last part.
NS = "urn:cmqreport:sources:1"
#: The names of the source bookmarks (``_Src_`` then the key).
PREFIX = "_Src_"
_ITEM = "customXml/item1.xml"
_PROPS = "customXml/itemProps1.xml"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_FIELDS = ("file", "line", "col", "sheet", "cell", "path", "sha256")


def _item(entries: Mapping[str, Mapping[str, Any]]) -> bytes:
    root = etree.Element(f"{{{NS}}}sources", nsmap={None: NS})
    for key, entry in entries.items():
        attrs = {"k": key}
        attrs.update({f: str(entry[f]) for f in _FIELDS if entry.get(f) is not None})
        etree.SubElement(root, f"{{{NS}}}s", attrs)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _props() -> bytes:
    # a fixed id: the same build gives the same bytes
    ident = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NS)).upper() + "}"
    root = etree.Element(f"{{{_DS}}}datastoreItem", {f"{{{_DS}}}itemID": ident}, nsmap={"ds": _DS})
    refs = etree.SubElement(root, f"{{{_DS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS}}}schemaRef", {f"{{{_DS}}}uri": NS})
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _relationships(rid: str, kind: str, target: str) -> bytes:
    root = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    etree.SubElement(
        root, f"{{{_PKG_REL}}}Relationship", {"Id": rid, "Type": kind, "Target": target}
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def embed(content: dict[str, bytes], entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Add the map's custom XML part to the package's parts (``content``, changed)."""
    content[_ITEM] = _item(entries)
    content[_PROPS] = _props()
    content["customXml/_rels/item1.xml.rels"] = _relationships(
        "rId1", f"{_DOC_REL}/customXmlProps", "itemProps1.xml"
    )
    rels = parse(content["word/_rels/document.xml.rels"])
    if rels.find(f"{{{_PKG_REL}}}Relationship[@Id='rIdCmqSources']") is None:
        etree.SubElement(
            rels,
            f"{{{_PKG_REL}}}Relationship",
            {"Id": "rIdCmqSources", "Type": f"{_DOC_REL}/customXml", "Target": "../" + _ITEM},
        )
    content["word/_rels/document.xml.rels"] = dump(rels)
    ct = parse(content["[Content_Types].xml"])
    if ct.find(f"{{{_CT}}}Override[@PartName='/{_PROPS}']") is None:
        etree.SubElement(
            ct, f"{{{_CT}}}Override", {"PartName": "/" + _PROPS, "ContentType": _PROPS_CT}
        )
    if ct.find(f"{{{_CT}}}Default[@Extension='xml']") is None:
        etree.SubElement(
            ct, f"{{{_CT}}}Default", {"Extension": "xml", "ContentType": "application/xml"}
        )
    content["[Content_Types].xml"] = dump(ct)


def read_map(content: Mapping[str, bytes]) -> dict[str, dict[str, Any]] | None:
    """The map of a DOCX's parts (any ``customXml/item*.xml`` in our namespace), or None."""
    for name in sorted(content):
        if not (name.startswith("customXml/item") and "Props" not in name):
            continue
        try:
            root = parse(content[name])
        except etree.XMLSyntaxError:
            continue
        if root.tag != f"{{{NS}}}sources":
            continue
        out: dict[str, dict[str, Any]] = {}
        for el in root.findall(f"{{{NS}}}s"):
            entry: dict[str, Any] = {f: el.get(f) for f in _FIELDS}
            for f in ("line", "col"):  # a number, or nothing (a map edited by hand)
                entry[f] = int(entry[f]) if (entry[f] or "").isdigit() else None
            out[el.get("k")] = entry
        return out
    return None
