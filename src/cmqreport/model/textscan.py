"""What prose contains: cross-references, citations, footnote calls and acronyms; and
what no text may contain: control characters, and in Markdown fields headings and Word
styles (:func:`control_characters`, :func:`structure`).

Shared by the checks (which report what does not exist) and the renderer (which resolves it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cmqreport.diagnostics import CONTROL

__all__ = [
    "CITE",
    "FOOTNOTE",
    "MARKDOWN_KEYS",
    "MARKER",
    "REF",
    "AcronymMatcher",
    "citations",
    "control_characters",
    "footnote_calls",
    "is_markdown",
    "references",
    "structure",
]

#: ``[[fig:id]]`` and friends: a number with a link.
REF = re.compile(r"\[\[(fig|tab|annexe|sec|chap):([a-z0-9][a-z0-9-]*)\]\]")
#: A paragraph made only of a placement marker.
MARKER = re.compile(
    r"^\s*\[\[(fig:[a-z0-9-]+|tab:[a-z0-9-]+|action:[a-z0-9-]+|actions|label-events)\]\]\s*$"
)
#: ``[@id]`` or ``[@a; @b, p. 3]``.
# (the text before the first ``@`` is taken possessively: one way to match, linear time)
CITE_GROUP = re.compile(r"\[([^\[\]@]*+@[^\[\]]*+)\]")
CITE = re.compile(r"(?<![\w.])@([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])")
#: ``[^id]`` footnote calls.
FOOTNOTE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9_-]*)\]")
#: Words written in capitals that look like acronyms (two capitals or more).
# (first capital, digits, second capital, the rest: each run possessive, so that a long
# word is read once instead of being split every way before failing)
CAPS = re.compile(r"(?<![\w@/.#-])([A-Z][0-9]*+[A-Z][A-Z0-9]*+)s?+(?![\w-])")
#: A web address, from its scheme to the end of its word.
URL = re.compile(r"(?:https?://|www\.)\S+")
#: A word, to look for an e-mail address in it.
_WORD = re.compile(r"\S+")
_DOT_WORD = re.compile(r"\.\w")
ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def _blank_addresses(text: str) -> str:
    """Blank out every word holding an e-mail address (``x@y.fr``), in linear time.

    A word is one when an ``@`` has something before it, and a dot then a letter or digit
    at least one character after it. Told with ``str.find`` rather than one regex, which
    backtracks over every ``@`` of a long word from every position.
    """
    parts: list[str] = []
    pos = 0
    for word in _WORD.finditer(text):
        token = word.group(0)
        at = token.find("@", 1)
        if at > 0 and _DOT_WORD.search(token, at + 2):
            parts += [text[pos : word.start()], " " * len(token)]
            pos = word.end()
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def references(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, id, offset)`` for every cross-reference in ``text``."""
    for match in REF.finditer(text):
        yield match.group(1), match.group(2), match.start()


def citations(text: str) -> Iterator[tuple[str, int]]:
    """``(id, offset)`` for every citation key in ``text``."""
    for group in CITE_GROUP.finditer(text):
        if group.group(1).startswith("^"):
            continue
        for cite in CITE.finditer(group.group(1)):
            yield cite.group(1), group.start(1) + cite.start()


def footnote_calls(text: str) -> Iterator[tuple[str, int]]:
    """``(id, offset)`` for every footnote call in ``text``."""
    for match in FOOTNOTE.finditer(text):
        yield match.group(1), match.start()


@dataclass(frozen=True)
class Hit:
    """An acronym found in a text."""

    acronym: str
    start: int
    end: int


class AcronymMatcher:
    """Finds defined acronyms (longest first) and capitalised words that are not defined."""

    def __init__(self, defined: Iterable[str], ignore: Iterable[str] = ()) -> None:
        self.defined = sorted(set(defined), key=lambda a: (-len(a), a))
        self.ignore = set(ignore)
        # names that contain a defined acronym (« ATS Ingénierie », a company) are written
        # in acronym_ignore as whole phrases: they are never expanded nor flagged
        phrases = sorted((i for i in self.ignore if " " in i), key=len, reverse=True)
        self._phrases = (
            re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases))
            if phrases
            else None
        )
        self._known: re.Pattern[str] | None = None
        if self.defined:
            alternatives = "|".join(re.escape(a) for a in self.defined)
            self._known = re.compile(rf"(?<![\w@/#-])({alternatives})(?:s)?(?![\w-])")

    def _masked(self, text: str) -> str:
        """Blank out URLs, code, link targets and cross-references so they are not scanned."""

        def blank(match: re.Match[str]) -> str:
            return " " * len(match.group(0))

        text = _blank_addresses(URL.sub(blank, text))
        text = re.sub(r"`[^`]*`", blank, text)
        # a « ]( » with no « ) » after it would be scanned to the end of the text, once for
        # each: only the text up to the last « ) » can hold a link target
        last = text.rfind(")") + 1
        text = re.sub(r"\]\([^)]*\)", blank, text[:last]) + text[last:]
        text = REF.sub(blank, text)
        text = FOOTNOTE.sub(blank, text)
        if self._phrases is not None:
            text = self._phrases.sub(blank, text)
        return CITE_GROUP.sub(blank, text)

    def find(self, text: str) -> list[Hit]:
        """Every defined acronym used in ``text``, in order."""
        if self._known is None:
            return []
        masked = self._masked(text)
        return [Hit(mt.group(1), mt.start(1), mt.end(1)) for mt in self._known.finditer(masked)]

    def undefined(self, text: str) -> Iterator[tuple[str, int]]:
        """Capitalised words that look like acronyms but are neither defined nor ignored."""
        masked = self._masked(text)
        if self._known is not None:
            masked = self._known.sub(lambda mt: " " * len(mt.group(0)), masked)
        for match in CAPS.finditer(masked):
            word = match.group(1)
            if word in self.ignore or ROMAN.match(word) or len(word) < 2:
                continue
            if any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word[1:]):
                continue
            yield word, match.start(1)


#: The keys of the Markdown fields of every model (``Markdown`` in :mod:`cmqreport.model.base`);
#: every other text is a plain field, printed as typed.
MARKDOWN_KEYS = frozenset(
    {"body", "intro", "summary", "presentation", "description", "comment", "note", "text"}
    | {"achievements", "definition"}
)


def is_markdown(path: tuple[str | int, ...]) -> bool:
    """True when the value at ``path`` of a file's data is a Markdown field."""
    keys = [p for p in path if isinstance(p, str)]
    if len(path) == 2 and path[0] == "footnotes":  # footnotes: {id: Markdown}
        return True
    return (
        bool(keys)
        and keys[-1] in MARKDOWN_KEYS
        and (keys[-1] != "achievements" or isinstance(path[-1], int))
    )


def control_characters(text: str) -> Iterator[tuple[str, int]]:
    """Each control character of ``text`` (tab and line feed are text) and its offset."""
    for match in CONTROL.finditer(text):
        yield match.group(), match.start()


#: A heading line: ``# Titre`` (ATX; pandoc wants a space after the marks) …
_ATX = re.compile(r"^[ \t]*(#{1,6})(?=[ \t]|$)", re.MULTILINE)
#: … or a line of ``===`` / ``---`` right under a line of text (setext).
_UNDERLINE = re.compile(r"[ \t]*(=+|-+)[ \t]*")
#: An attribute block that chooses a Word style (pandoc's DOCX writer reads it).
_STYLE = re.compile(r"\{[^{}\n]*?custom-style\s*=")


def structure(text: str) -> Iterator[tuple[str, int]]:
    """What a Markdown field may not do, with offsets: ``heading``, ``style``."""
    found = [("heading", m.start(1)) for m in _ATX.finditer(text)]
    offset, previous = 0, ""
    for line in text.split("\n"):
        under = _UNDERLINE.fullmatch(line)
        if under and previous.strip() and not _UNDERLINE.fullmatch(previous):
            found.append(("heading", offset + under.start(1)))
        offset, previous = offset + len(line) + 1, line
    found += [("style", m.start()) for m in _STYLE.finditer(text)]
    yield from sorted(found, key=lambda item: item[1])
