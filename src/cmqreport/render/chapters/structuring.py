"""The structuring chapter (kind ``structuring``): what changed in the year's governance,
portage and labels, from the campuses' dated histories.

The outline asks :func:`parts` which computed sections the chapter has; :func:`write` gives
them their titles and text, worded by the macros of ``text_structuring.md.j2``. The data
sections of the chapter follow them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cmqreport import model as m
from cmqreport.analyse.changes import GovernanceChange, YearChanges, person
from cmqreport.render.markdown import Md
from cmqreport.render.nodes import Node
from cmqreport.render.writer import Writer

__all__ = ["Part", "parts", "write"]


@dataclass(frozen=True)
class Part:
    """A computed section: ``governance``, ``portage``, ``new`` or ``application``."""

    kind: str
    code: str = ""

    @property
    def anchor(self) -> str:
        """The section's anchor."""
        return {
            "governance": "sec-structurants-gouvernance",
            "portage": "sec-structurants-portage",
            "new": f"sec-structurants-nouveau-{self.code.lower()}",
            "application": f"sec-structurants-demande-{self.code.lower()}",
        }[self.kind]


def parts(changes: YearChanges, notes: Mapping[str, str], order: list[str]) -> list[Part]:
    """The computed sections, in order: each exists when the year has something to say."""
    out: list[Part] = []
    if _governance(changes) or notes.get("governance"):
        out.append(Part("governance"))
    if _portage_codes(changes, notes, order) or notes.get("portage"):
        out.append(Part("portage"))
    out += [Part("new", code) for code in changes.new_campuses]
    out += [Part("application", code) for code in changes.applications]
    return out


def _governance(changes: YearChanges) -> list[GovernanceChange]:
    # a new campus's team is presented in its own section
    ignore = set(changes.new_campuses) | set(changes.applications)
    return [c for c in changes.governance if c.campus not in ignore]


def _portage_codes(changes: YearChanges, notes: Mapping[str, str], order: list[str]) -> list[str]:
    codes = {c.campus for c in changes.portage} | {n.campus for n in changes.portage_notes}
    codes |= {k.split(":", 1)[1] for k in notes if k.startswith("portage:")}
    return sorted(codes, key=lambda code: order.index(code) if code in order else len(order))


def write(w: Writer, node: Node, ch: m.Chapter) -> None:
    """Titles and bodies of the chapter's computed sections (the first children)."""
    words = w.words("structuring")
    found = parts(w.analysis.changes, ch.notes, w.project.campus_order())
    for part, child in zip(found, node.children, strict=False):
        code = part.code
        if part.kind == "governance":
            child.title = words.text("governance_title")
            child.body = _governance_body(w, ch)
        elif part.kind == "portage":
            child.title = words.text("portage_title")
            child.body = _portage_body(w, ch)
        else:
            campus = w.project.campuses[code]
            new = part.kind == "new"
            child.title = words.text("new_campus_title" if new else "application_title", code)
            lead = words("new_campus_team") if new else ""
            body = [
                _note(w, ch, "new_campus" if new else "application"),
                w.sources.mark(campus, ("description",), w.text.prose(campus.description, w.notes)),
                _team(w, code, lead),
            ]
            child.body = Md("\n\n".join(b for b in body if b))


def _governance_body(w: Writer, ch: m.Chapter) -> Md:
    words = w.words("structuring")
    by_campus: dict[str, list[str]] = {}
    for change in _governance(w.analysis.changes):
        by_campus.setdefault(change.campus, []).append(_governance_sentence(w, change))
    items = []
    for code, sentences in by_campus.items():
        lead = _note(w, ch, f"governance:{code}", notes=False)
        text = (lead + " " if lead else "") + " ".join(sentences)
        items.append(words("governance_item", w.text.plain(code), Md(text)))
    intro = _note(w, ch, "governance")
    lead_in = "" if intro else words("governance_lead_in")
    return Md("\n\n".join(x for x in (intro, lead_in, "\n".join(items)) if x))


def _portage_body(w: Writer, ch: m.Chapter) -> Md:
    words, changes = w.words("structuring"), w.analysis.changes
    items = []
    for code in _portage_codes(changes, ch.notes, w.project.campus_order()):
        parts: list[str] = []
        note = _note(w, ch, f"portage:{code}")
        if note:
            parts.append(note)
        for pn in (n for n in changes.portage_notes if n.campus == code):
            parts.append(w.sources.mark(pn.note, ("text",), w.text.prose(pn.note.text, w.notes)))
        for pc in (c for c in changes.portage if c.campus == code):
            if pc.new.note:  # the note tells the change: the sentence would say it twice
                parts.append(w.sources.mark(pc.new, ("note",), w.text.prose(pc.new.note, w.notes)))
            elif pc.previous:
                previous = w.text.plain(pc.previous.establishment)
                new = w.text.plain(pc.new.establishment)
                start, precision = _when(w, pc.new.start)
                sentence = words("portage_change", previous, new, start, precision)
                parts.append(w.sources.mark(pc.new, (), sentence))
        text = Md(" ".join(parts).replace("\n\n", " "))
        items.append(words("portage_item", w.text.plain(code), text))
    intro = _note(w, ch, "portage")
    return Md("\n\n".join(x for x in (intro, "\n".join(items)) if x))


def _note(w: Writer, ch: m.Chapter, key: str, *, notes: bool = True) -> str:
    """The chapter's note ``key`` as Markdown, in the markers of its place (empty if none)."""
    text = ch.notes.get(key)
    if not text:
        return ""
    return w.sources.mark(ch, ("notes", key), w.text.prose(text, w.notes if notes else None))


def _when(w: Writer, when: m.When | None) -> tuple[Md, str]:
    """A date as precise as the data (no-break spaces kept) and its precision, or empty.

    A date known only to its year says nothing the chapter (about that year) does not say:
    it stays empty, so that no day is printed that the data does not give.
    """
    if when is None or when.precision is m.Precision.year:
        return Md(""), ""
    return Md(w.fmt.typography(w.fmt.when(when))), when.precision.value


def _who(w: Writer, holder: m.GovernanceRole) -> Md:
    """``Mme X, Directrice de l’ESTP,``: the person and what they are, if known."""
    quality = holder.title
    if quality and holder.organisation and holder.organisation not in quality:
        quality = f"{quality} ({holder.organisation})"
    return w.words("structuring")(
        "who", w.text.plain(person(holder)), w.text.plain(quality) if quality else ""
    )


def _governance_sentence(w: Writer, change: GovernanceChange) -> str:
    """« Mme X a remplacé M. Y au poste de DO à partir du 1er novembre 2021 »."""
    words, new = w.words("structuring"), change.new
    start, precision = _when(w, new.start)
    if change.previous is not None:
        prev = change.previous
        end, end_precision = _when(w, prev.end)
        sentence: str = words(
            "replaced",
            _who(w, new),
            Md(w.sources.mark(prev, (), w.text.plain(person(prev)))),  # the entry it ends
            new.role.value,
            new.interim,
            start,
            end,
            precision,
            end_precision,
        )
    else:
        who = _who(w, new)
        sentence = words("took_over", who, new.role.value, new.interim, start, precision)
    if new.note:
        sentence += " " + w.text.prose(new.note).replace("\n\n", " ")
    # the sentence tells the new holder's entry of campuses/CODE.yaml (marked once written)
    return w.sources.mark(new, (), sentence[0].upper() + sentence[1:])


def _team(w: Writer, code: str, lead: str) -> str:
    """The team of a new campus: one sentence per role held."""
    roles = list(m.Role)
    sentences = []
    for holder in sorted(w.project.campuses[code].governance, key=lambda h: roles.index(h.role)):
        if holder.end is not None:
            continue
        who = _who(w, holder)
        words = w.words("structuring")
        sentence: str = words("team_member", who, holder.role.value, holder.interim)
        if holder.note:
            sentence += " " + w.text.prose(holder.note).replace("\n\n", " ")
        sentences.append(w.sources.mark(holder, (), sentence))
    text = " ".join(sentences)
    return f"{lead} {text}".strip() if text else ""
