"""The report's pandoc metadata block and its bibliography as CSL JSON."""

from __future__ import annotations

import json
from typing import Any

from cmqreport import model as m
from cmqreport.render.markdown import Md, escape
from cmqreport.render.writer import Writer

__all__ = ["csl", "metadata_block"]

_CSL_TYPES = {
    "report": "report",
    "legislation": "legislation",
    "webpage": "webpage",
    "book": "book",
    "article": "article-journal",
    "document": "document",
}


def metadata_block(w: Writer, has_bibliography: bool) -> Md:
    """``---`` … ``---``: title, language, authors, date, the words pandoc prints."""
    cfg = w.project.config or m.ProjectConfig(network="", region="")
    net, words = w.network, w.words("report")
    authors = net.authors if net.authors is not None else cfg.authors
    meta: dict[str, Any] = {
        "title": escape(net.title),
        "lang": cfg.locale.replace("_", "-"),
        "toc-title": words.text("toc_title"),
        "link-citations": True,
        "reference-section-title": words.text("references_title"),
    }
    if net.subtitle:
        meta["subtitle"] = escape(net.subtitle)
    if authors:
        meta["author"] = [escape(a) for a in authors]
    if net.date:
        meta["date"] = w.fmt.date(net.date)
    if has_bibliography:
        meta["bibliography"] = "references.json"
    lines = ["---"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    lines.append("---")
    return Md("\n".join(lines))


def csl(ref: m.Reference) -> dict[str, Any]:
    """A reference of ``references.yaml`` as a CSL JSON item (for citeproc)."""
    item: dict[str, Any] = {"id": ref.id, "type": _CSL_TYPES[ref.type], "title": ref.title}
    if ref.author:
        item["author"] = [{"literal": a} for a in ref.author]
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.issued:
        item["issued"] = {"date-parts": [[ref.issued.year, ref.issued.month, ref.issued.day]]}
    elif ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.url:
        item["URL"] = ref.url
    if ref.note:
        item["note"] = ref.note
    return item
