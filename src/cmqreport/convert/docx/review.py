"""A partner's DOCX read back: its comments and tracked changes, each with its data place.

The build left a ``_Src_K`` bookmark around every piece of data text and the map of the
keys in a custom XML part (:mod:`.sources`). Walking the body in document order, each
comment is placed in the source bookmark that holds most of the words it covers (the inner
one on a tie), each tracked insertion or deletion in the innermost source bookmark open
where it stands; what no bookmark encloses keeps the heading above it.
Only reading here: nothing is written.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmqreport.convert.docx.sources import PREFIX, read_map
from cmqreport.convert.docx.xml import parse, w
from cmqreport.errors import DataError
from cmqreport.load.project import Project
from cmqreport.render.sources import value_hash

__all__ = ["Placed", "Remark", "Reviewed", "parse_path", "place_remarks", "read_review"]

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
#: Parts larger than this are not read (a DOCX body of the report is a few MB).
_MAX_PART = 200 * 1024 * 1024


@dataclass
class Remark:
    """One comment or tracked change, and the source bookmark around it (``key``)."""

    kind: str  # comment, insertion, deletion, replacement
    author: str
    date: str
    key: str | None
    heading: str
    text: str = ""  # a comment's text
    covered: str = ""  # the words a comment covers
    old: str = ""  # deleted text
    new: str = ""  # inserted text
    replies: list[dict[str, str]] = field(default_factory=list)
    #: The paragraph's text before and after the change (to find it in the value).
    before: str = ""
    after: str = ""


@dataclass
class Reviewed:
    """The remarks of a DOCX in document order, and its map of source places."""

    remarks: list[Remark]
    sources: dict[str, dict[str, Any]]


def _parts(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as z:
            wanted = [
                i
                for i in z.infolist()
                if i.filename.startswith(("word/document", "word/comments", "customXml/"))
            ]
            if any(i.file_size > _MAX_PART for i in wanted):
                raise DataError(f"{path.name} : une partie du document est trop grande.")
            return {i.filename: z.read(i.filename) for i in wanted}
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise DataError(
            f"{path.name} n'est pas un document Word lisible ({exc.__class__.__name__}). "
            "Donnez le fichier .docx tel que Word ou LibreOffice l'a enregistré."
        ) from None


def _comments(parts: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Every comment by id: author, date, text, the paraId of its last paragraph."""
    if "word/comments.xml" not in parts:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for c in parse(parts["word/comments.xml"]).findall(w("comment")):
        paras = c.findall(w("p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in paras)
        out[c.get(w("id"))] = {
            "author": c.get(w("author")) or "",
            "date": c.get(w("date")) or "",
            "text": text.strip(),
            "para": paras[-1].get(f"{{{_W14}}}paraId") if paras else None,
        }
    return out


def _parents(parts: dict[str, bytes]) -> dict[str, str]:
    """paraId of a reply → paraId of the comment it answers (commentsExtended.xml)."""
    data = parts.get("word/commentsExtended.xml")
    if data is None:
        return {}
    out = {}
    for ex in parse(data).iter(f"{{{_W15}}}commentEx"):
        parent = ex.get(f"{{{_W15}}}paraIdParent")
        if parent:
            out[ex.get(f"{{{_W15}}}paraId")] = parent
    return out


class _Walk:
    """Document order: open source bookmarks, the last heading, open comment ranges."""

    def __init__(self) -> None:
        self.open: dict[str, str] = {}  # bookmark id → key, in opening order
        self.heading = ""
        self.starts: dict[str, tuple[str | None, str]] = {}
        # per comment, how many characters of its words each source bookmark holds
        self._weight: dict[str, dict[str, int]] = {}
        self._seq: dict[str, int] = {}  # key → opening order (the later, the inner)
        self.covered: dict[str, list[str]] = {}
        self.active: set[str] = set()
        self.changes: list[Remark] = []

    def key(self) -> str | None:
        return next(reversed(self.open.values())) if self.open else None

    def _source_of(self, cid: str) -> str | None:
        """The source of a comment's words: the bookmark holding most of them, the inner
        one when two hold as many (a whole paragraph selected from « Pour le CMQ X : »,
        which no data gives, goes to the sentence after it); the bookmark open at its start
        when it covers no text."""
        weights = self._weight.get(cid) or {}
        if not weights:
            return self.starts[cid][0]
        return max(weights, key=lambda k: (weights[k], self._seq.get(k, 0)))

    def element(self, el: Any) -> None:
        tag = el.tag
        if tag == w("bookmarkStart"):
            name = el.get(w("name")) or ""
            if name.startswith(PREFIX):
                self.open[el.get(w("id"))] = name[len(PREFIX) :]
                self._seq[name[len(PREFIX) :]] = len(self._seq)
        elif tag == w("bookmarkEnd"):
            self.open.pop(el.get(w("id")), None)
        elif tag == w("p"):
            style = el.find(f"{w('pPr')}/{w('pStyle')}")
            if style is not None and (style.get(w("val")) or "").startswith("Heading"):
                self.heading = "".join(t.text or "" for t in el.iter(w("t"))).strip()
        elif tag == w("commentRangeStart"):
            cid = el.get(w("id"))
            self.starts[cid] = (self.key(), self.heading)
            self._weight[cid] = {}
            self.active.add(cid)
            self.covered[cid] = []
        elif tag == w("commentRangeEnd"):
            cid = el.get(w("id"))
            self.active.discard(cid)
            if cid in self.starts:
                self.starts[cid] = (self._source_of(cid), self.starts[cid][1])
        elif tag == w("t"):
            for cid in self.active:
                self.covered[cid].append(el.text or "")
                for key in self.open.values():
                    self._weight[cid][key] = self._weight[cid].get(key, 0) + len(el.text or "")
        elif tag in (w("ins"), w("del")):
            self._change(el)

    def _change(self, el: Any) -> None:
        deleted = el.tag == w("del")
        text = "".join(t.text or "" for t in el.iter(w("delText") if deleted else w("t")))
        if not text:  # a paragraph mark's revision, or a change of format
            return
        author, date = el.get(w("author")) or "", el.get(w("date")) or ""
        prev = self.changes[-1] if self.changes else None
        if (
            not deleted
            and prev is not None
            and prev.kind == "deletion"
            and prev.author == author
            and el.getprevious() is not None
            and el.getprevious().tag == w("del")
        ):
            prev.kind, prev.new = "replacement", text
            return
        para = _paragraph(el)
        before, after = _versions(para) if para is not None else ("", "")
        kind = "deletion" if deleted else "insertion"
        remark = Remark(kind, author, date, self.key(), self.heading, before=before, after=after)
        if deleted:
            remark.old = text
        else:
            remark.new = text
        self.changes.append(remark)


def _paragraph(el: Any) -> Any:
    while el is not None and el.tag != w("p"):
        el = el.getparent()
    return el


def _versions(para: Any) -> tuple[str, str]:
    """A paragraph's text with its tracked changes rejected, then accepted."""
    before, after = [], []
    for t in para.iter(w("t"), w("delText")):
        inside = {a.tag for a in t.iterancestors(w("ins"), w("del"))}
        if t.tag == w("delText"):
            before.append(t.text or "")
        elif w("ins") in inside:
            after.append(t.text or "")
        else:
            before.append(t.text or "")
            after.append(t.text or "")
    return "".join(before), "".join(after)


def read_review(path: Path) -> Reviewed:
    """The comments and tracked changes of the DOCX at ``path``, placed.

    Raises :class:`DataError` when the file is no DOCX or holds no map of sources (a
    document cmqreport did not build, or that lost its map).
    """
    parts = _parts(path)
    sources = read_map(parts)
    if "word/document.xml" not in parts:
        raise DataError(
            f"{path.name} n'est pas un document Word (il n'a pas de word/document.xml). "
            "Donnez le fichier .docx tel que Word ou LibreOffice l'a enregistré."
        )
    if sources is None:
        raise DataError(_no_map(path, parts["word/document.xml"]))
    walk = _Walk()
    for el in parse(parts["word/document.xml"]).iter():
        walk.element(el)
    comments = _comments(parts)
    parents = _parents(parts)
    by_para = {c["para"]: cid for cid, c in comments.items() if c["para"]}
    remarks: list[Remark] = []
    replies: dict[str, list[dict[str, str]]] = {}
    for c in comments.values():
        parent = by_para.get(parents.get(c["para"] or "", ""))
        if parent is not None:
            reply = {"author": c["author"], "date": c["date"], "text": c["text"]}
            replies.setdefault(parent, []).append(reply)
    for cid, (key, heading) in walk.starts.items():
        com = comments.get(cid)
        if com is None or by_para.get(parents.get(com["para"] or "", "")) is not None:
            continue
        covered = "".join(walk.covered.get(cid, [])).strip()
        remark = Remark("comment", com["author"], com["date"], key, heading, com["text"], covered)
        remark.replies = replies.get(cid, [])
        remarks.append(remark)
    return Reviewed(remarks + walk.changes, sources)


def _no_map(path: Path, document: bytes) -> str:
    """Why a DOCX without the map cannot be read back: it lost it, or it is not ours."""
    if f'w:name="{PREFIX}'.encode() in document:
        # the source bookmarks are there: the map was stripped by what saved the file
        return (
            f"{path.name} a été produit par « cmqreport build » mais a perdu sa carte des "
            "sources (la partie XML personnalisée customXml/ que la construction y avait "
            "mise) : le logiciel qui l'a enregistré l'a retirée, et les remarques ne "
            "peuvent plus être reliées aux données. Demandez le fichier commenté tel que "
            "Word ou LibreOffice l'a enregistré, sans conversion ni « inspection du "
            "document », ou reportez les remarques sur le DOCX de la dernière construction."
        )
    return (
        f"{path.name} ne contient pas la carte des sources de cmqreport : ce document n'a "
        "pas été produit par « cmqreport build ». Relisez le DOCX que la construction du "
        "rapport a produit (build/rapport-AAAA.docx)."
    )


@dataclass
class Placed:
    """A remark with its data place (None when no source bookmark encloses it) and whether
    the value changed since the build (None when the project is not at hand)."""

    remark: Remark
    place: dict[str, Any] | None
    stale: bool | None

    def to_json(self) -> dict[str, Any]:
        """One item of the JSON document (see :func:`review_json`)."""
        r = self.remark
        item: dict[str, Any] = {"kind": r.kind, "author": r.author, "date": r.date}
        if r.kind == "comment":
            item.update(text=r.text, covered=r.covered, replies=r.replies)
        else:
            item.update(old=r.old, new=r.new)
        item["heading"] = r.heading
        item["place"] = dict(self.place) if self.place else None
        item["stale"] = self.stale
        return item


def _value(project: Project, entry: dict[str, Any]) -> tuple[bool, Any]:
    src = project.source(entry.get("file") or "")
    if src is None or src.data is None or not entry.get("path"):
        return False, None
    value: Any = src.data
    for part in parse_path(entry["path"]):
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, value


def parse_path(path: str) -> list[str | int]:
    """``actions[3].text`` → ``["actions", 3, "text"]``."""
    return [int(i) if i else k for k, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)]


def place_remarks(reviewed: Reviewed, project: Project | None) -> list[Placed]:
    """The remarks with their places, sorted by file and line; the unplaced last."""
    out = []
    for remark in reviewed.remarks:
        entry = reviewed.sources.get(remark.key) if remark.key else None
        stale = None
        if entry is not None and project is not None:
            found, value = _value(project, entry)
            stale = not found or value_hash(value) != entry.get("sha256")
        out.append(Placed(remark, entry, stale))

    def order(p: Placed) -> tuple[int, str, int, int]:
        e = p.place or {}
        return (e == {}, e.get("file") or "", e.get("line") or 0, e.get("col") or 0)

    return sorted(out, key=order)
