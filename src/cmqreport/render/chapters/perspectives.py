"""The perspectives chapter (kind ``perspectives``): last year's plans against this year
(section 4.1, from the same comparison as ``cmqreport diff-perspectives``), then next year's
plans by theme (4.2), then the chapter's data sections.

:func:`outline` makes the two computed sections; :func:`write` gives them their titles and
text, worded by the macros of ``text_perspectives.md.j2``.
"""

from __future__ import annotations

from typing import Any

from cmqreport import model as m
from cmqreport.analyse.perspectives import Evidence, PerspectiveDiff
from cmqreport.render.markdown import Md
from cmqreport.render.nodes import Node, campus_anchor, section_anchor, slug
from cmqreport.render.writer import Writer

__all__ = ["outline", "plan_themes", "review_themes", "write"]

REVIEW = "sec-perspectives-bilan"
PLANS = "sec-perspectives-plans"


def plan_themes(plans: m.PerspectivesFile | None) -> list[tuple[str, list[m.Perspective]]]:
    """Next year's perspectives grouped by theme, in file order."""
    themes: dict[str, list[m.Perspective]] = {}
    for item in plans.items if plans else []:
        themes.setdefault(item.theme, []).append(item)
    return list(themes.items())


def outline(
    chapter: Node, diff: PerspectiveDiff | None, plans: m.PerspectivesFile | None
) -> list[Node]:
    """The review (4.1) and the plans (4.2, one subsection per theme) of ``chapter``."""
    review = Node("section", REVIEW, f"{chapter.number}.1", "", 2)
    review.extra["diff"] = diff
    nxt = Node("section", PLANS, f"{chapter.number}.2", "", 2)
    for j, (theme, _items) in enumerate(plan_themes(plans), start=1):
        anchor = f"sec-perspective-{slug(theme)}"
        nxt.children.append(Node("section", anchor, f"{nxt.number}.{j}", theme, 3))
    return [review, nxt]


def write(w: Writer, node: Node, ch: m.Chapter) -> None:
    """Titles and bodies of the review and of the plans (the first two children)."""
    words, year = w.words("perspectives"), w.year
    review, plans = node.children[0], node.children[1]
    diff = w.analysis.diff
    review.title = words.text("review_title", year, year - 1)
    review.body = Md(_note(w, ch, "review"))
    if diff is None or not diff.items:
        missing = words("no_previous_plans", year - 1, year)
        review.body = Md("\n\n".join(x for x in (review.body, missing) if x))
    review.extra["themes"] = review_themes(w, diff)
    plans.title = words.text("plans_title", year + 1)
    _write_plans(w, plans, ch)


def _write_plans(w: Writer, plans: Node, ch: m.Chapter) -> None:
    words, nextp = w.words("perspectives"), w.data.perspectives
    plans.body = Md(_note(w, ch, "plans"))
    if nextp is None or not nextp.items:
        none = words("no_plans", w.year + 1)
        plans.body = Md("\n\n".join(x for x in (plans.body, none) if x))
    if nextp is None:
        return
    intro = w.sources.mark(nextp, ("intro",), w.text.prose(nextp.intro))
    plans.body = Md("\n\n".join(x for x in (plans.body, intro) if x))
    for child, (theme, items) in zip(plans.children, plan_themes(nextp), strict=True):
        body: list[str] = []
        if nextp.themes_intro.get(theme):
            lead = w.text.prose(nextp.themes_intro[theme])
            body.append(w.sources.mark(nextp, ("themes_intro", theme), lead))
        for item in items:
            text = w.sources.mark(item, ("text",), w.text.prose(item.text))
            if len(items) == 1 and item.title.strip() == theme.strip():
                body.append(text)
            else:
                title = Md(w.sources.mark(item, ("title",), w.text.plain(item.title)))
                body.append(words("plan_item", title, Md(text)))
        child.body = Md("\n\n".join(body))


def _note(w: Writer, ch: m.Chapter, key: str) -> str:
    """The chapter's note ``key`` as Markdown, in the markers of its place (empty if none)."""
    text = ch.notes.get(key)
    return w.sources.mark(ch, ("notes", key), w.text.prose(text, w.notes)) if text else ""


def _origins(w: Writer, ident: str) -> tuple[object, object]:
    """Last year's perspective ``ident`` and this year's follow-up of it (None if none): the
    data a line of 4.1 is made from."""
    prev = w.project.year(w.year - 1).perspectives
    planned = next((p for p in prev.items if p.id == ident), None) if prev else None
    followup = next((f for f in w.network.followup if f.perspective == ident), None)
    return planned, followup


def _evidence(w: Writer, ev: Evidence) -> Md:
    """An action answering a perspective, linked to the section that presents it."""
    title, code = w.text.plain(ev.title), w.text.plain(ev.campus)
    cy = w.data.campuses.get(ev.campus)
    action = next((a for a in cy.actions if a.id == ev.action), None) if cy else None
    if action is not None and action.section:
        return Md(f"[{title}](#{section_anchor(action.section)}) ({code})")
    if cy is not None:
        return Md(f"[{title}](#{campus_anchor(ev.campus)}) ({code})")
    return Md(f"{title} ({code})")


def review_themes(w: Writer, diff: PerspectiveDiff | None) -> list[dict[str, Any]]:
    """Section 4.1's perspectives grouped by theme: the line printed and its parts, each in
    the markers of the data it comes from (a bookmark's name is once: each use has its own)."""
    themes: dict[str, list[dict[str, Any]]] = {}
    first: dict[str, object] = {}
    for item in diff.items if diff else ():
        planned, followup = _origins(w, item.id)
        first.setdefault(item.theme, planned)
        themes.setdefault(item.theme, []).append(_review_item(w, item, planned, followup))
    mark = w.sources.mark
    return [
        {"theme": Md(mark(first[t], ("theme",), w.text.plain(t))), "items": items}
        for t, items in themes.items()
    ]


def _review_item(w: Writer, item: Any, planned: object, followup: object) -> dict[str, Any]:
    """One perspective of 4.1: its line and the cells of the table."""
    mark, text = w.sources.mark, w.text

    def title() -> Md:
        return Md(mark(planned, ("title",), text.plain(item.title)))

    def status() -> Md:
        return Md(mark(followup, ("status",), text.plain(item.status)))

    def comment() -> str:
        return mark(followup, ("comment",), text.prose(item.comment, w.notes))

    evidence = [_evidence(w, ev) for ev in item.evidence]
    said = Md(comment().replace("\n\n", " "))
    line = w.words("perspectives")("review_line", title(), status(), said, evidence)
    campuses = text.plain(", ".join(item.campuses))
    return {
        "line": Md(mark(planned, (), line)),  # the rest of the line: the plan itself
        "id": item.id,
        "title": title(),
        "status": status(),
        "comment": comment(),
        "campuses": Md(mark(planned, ("campuses",), campuses)) if item.campuses else Md("–"),
        "theme": Md(mark(planned, ("theme",), text.plain(item.theme))),
        "evidence": evidence,
    }
