"""The front matter: the summary and the presentation, with the year's label events listed
where the presentation says ``[[label-events]]`` (worded by ``text_presentation.md.j2``).
"""

from __future__ import annotations

from cmqreport import model as m
from cmqreport.render.markdown import Md
from cmqreport.render.text import paragraphs
from cmqreport.render.writer import Writer

__all__ = ["presentation", "summary"]


def summary(w: Writer) -> Md:
    """The summary, each paragraph in the markers of its line of network.yaml."""
    return Md(w.sources.mark(w.network, ("summary",), w.text.prose(w.network.summary, w.notes)))


def presentation(w: Writer) -> Md:
    """The presentation, the label events in place of its ``[[label-events]]`` paragraph."""
    text, net = w.network.presentation, w.network
    if "[[label-events]]" not in text:
        return Md(w.sources.mark(net, ("presentation",), w.text.prose(text, w.notes)))
    events = label_events(w)
    out: list[str] = []
    start = 0
    for para in paragraphs(text):
        if para.strip() == "[[label-events]]":
            out.append(events)
        else:
            at = text.find(para, start)
            start = at if at >= 0 else start
            out.append(w.sources.mark(net, ("presentation",), w.text.prose(para, w.notes), start))
    return Md("\n\n".join(out))


def label_events(w: Writer) -> Md:
    """Publications in the Journal Officiel, then applications filed and not yet published."""
    words, changes = w.words("presentation"), w.analysis.changes
    items: list[str] = []
    published = [lc for lc in changes.labels if lc.event.jo_date]
    filed = [
        lc
        for lc in changes.labels
        if lc.event.kind == m.LabelEventKind.application
        and not lc.event.jo_date
        and not any(o.campus == lc.campus and o.event.jo_date for o in published)
    ]
    if published:
        items.append(words("published_intro") + "\n")
    for lc in published:
        # the campus code alone: its first use is spelled out from acronyms.yaml
        event = words("published_event", lc.event.kind.value, lc.campus, lc.event.duration_years)
        event = Md(w.sources.mark(lc.event, (), event))  # the label event of campuses/CODE.yaml
        when = Md(w.fmt.typography(w.fmt.date(lc.when)))
        items.append(words("published_item", when, event, _note(w, lc.event)))
    for lc in filed:
        campus = w.project.campuses[lc.campus]
        renewal = lc.campus in w.analysis.active or any(
            ev.kind == m.LabelEventKind.creation for ev in campus.labels
        )
        item = words("filed_item", renewal, lc.campus, _note(w, lc.event))
        items.append(w.sources.mark(lc.event, (), item))
    return Md("\n".join(items).replace("\n\n", "\n"))


def _note(w: Writer, event: m.LabelEvent) -> Md:
    if not event.note:
        return Md("")
    return Md(w.sources.mark(event, ("note",), w.text.prose(event.note).replace("\n\n", " ")))
