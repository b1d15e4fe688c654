"""The report's pandoc metadata block and its bibliography as CSL JSON.

Each is a context of its own, with its own escaping:

* the metadata's texts (title, authors…) are plain text, and pandoc also writes them into
  the options of hyperref (``pdftitle={…}``), where nested quotes made of ``'`` and ``"``
  would not compile: :func:`meta_text` escapes those quotes, so they print as typed;
* citeproc reads the strings of CSL JSON as its HTML-like markup (``<i>``, ``<b>``,
  ``<sup>``, ``<span class="nocase">``): :func:`csl_text` keeps every ``<`` literal.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cmqreport import model as m
from cmqreport.render.markdown import Md, escape
from cmqreport.render.writer import Writer

__all__ = ["csl", "csl_text", "meta_text", "metadata_block"]

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
        "title": meta_text(net.title),
        "lang": cfg.locale.replace("_", "-"),
        "toc-title": meta_text(words.text("toc_title")),
        "link-citations": True,
        "reference-section-title": meta_text(words.text("references_title")),
    }
    if net.subtitle:
        meta["subtitle"] = meta_text(net.subtitle)
    if authors:
        meta["author"] = [meta_text(a) for a in authors]
    if net.date:
        meta["date"] = meta_text(w.fmt.date(net.date))
    if has_bibliography:
        meta["bibliography"] = "references.json"
    lines = ["---"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    lines.append("---")
    return Md("\n".join(lines))


# a quote that is not an apostrophe (between two letters): pandoc would make it a quotation
_QUOTE = re.compile(r"\"|(?<!\w)'|'(?!\w)")


def meta_text(text: str) -> Md:
    """Plain text for the metadata block: escaped, and its quotes kept as typed."""
    return Md(_QUOTE.sub(lambda q: "\\" + q.group(0), escape(text)))


#: An empty ``nocase`` span: citeproc prints nothing for it, and a ``<`` followed by it
#: starts no markup.
_INERT = '<span class="nocase"></span>'


def csl_text(text: str) -> str:
    """A string for CSL JSON that citeproc prints as written (``<i>`` stays ``<i>``)."""
    return text.replace("<", "<" + _INERT)


def csl(ref: m.Reference) -> dict[str, Any]:
    """A reference of ``references.yaml`` as a CSL JSON item (for citeproc)."""
    item: dict[str, Any] = {
        "id": ref.id,
        "type": _CSL_TYPES[ref.type],
        "title": csl_text(ref.title),
    }
    if ref.author:
        item["author"] = [{"literal": csl_text(a)} for a in ref.author]
    if ref.publisher:
        item["publisher"] = csl_text(ref.publisher)
    if ref.issued:
        item["issued"] = {"date-parts": [[ref.issued.year, ref.issued.month, ref.issued.day]]}
    elif ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.url:
        item["URL"] = ref.url
    if ref.note:
        item["note"] = csl_text(ref.note)
    return item
