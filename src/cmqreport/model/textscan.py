"""What prose contains: cross-references, citations, footnote calls and acronyms; and
what no text may contain: control characters, and in Markdown fields headings and Word
styles (:func:`control_characters`, :func:`structure`).

Shared by the checks (which report what does not exist) and the renderer (which resolves it).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cmqreport.diagnostics import CONTROL

__all__ = [
    "CITE",
    "FOOTNOTE",
    "HEADING_LINE",
    "MARKDOWN_KEYS",
    "MARKER",
    "REF",
    "WORD_STYLE",
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
#: CAPS without what it looks behind: the engine then skips to capitals (see _starts_word).
_CAPS_WORD = re.compile(r"([A-Z][0-9]*+[A-Z][A-Z0-9]*+)s?+(?![\w-])")
#: A web address, from its scheme to the end of its word.
URL = re.compile(r"(?:https?://|www\.)\S+")
#: A word, to look for an e-mail address in it.
_WORD = re.compile(r"\S+")
_DOT_WORD = re.compile(r"\.\w")
_CODE = re.compile(r"`[^`]*`")
_LINK = re.compile(r"\]\([^)]*\)")
#: A word as an acronym is one: letters, digits, hyphens (« Agro-Dijon »).
_WORDLIKE = re.compile(r"[\w-]+")
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
    """Finds defined acronyms (longest first) and capitalised words that are not defined.

    Cost linear in the text, whatever the number of acronyms: an acronym that is one word
    (letters, digits, hyphens) is looked up by set membership on each word of the text; only
    the few written with a space (« UFR STGI ») are searched by one regex of alternatives.
    """

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
        # the same phrases without what they look behind, to tell fast that a text holds
        # none (the engine then skips to their first characters): most texts hold none
        self._any_phrase = re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None
        words = {a for a in self.defined if _WORDLIKE.fullmatch(a)}
        others = [a for a in self.defined if a not in words]
        if any(not _WORDLIKE.match(a) for a in others):
            # an acronym that starts with a sign (« &Co »): one regex of all, as written
            words, others = set(), self.defined
        # a word and its plural, to the acronym they are (the word itself first)
        self._lookup = {w + "s": w for w in words} | {w: w for w in words}
        self._multi = bool(others)
        # one pass: an acronym written with a space (tried first: it starts at a word and
        # is longer than any one-word acronym there, as in one regex of all), else a word
        # that starts as an acronym does (in French prose, the few capitalised ones)
        # (each pattern starts with its first characters, so that the regex engine skips
        # to them; what comes before a match is looked at in Python, see _starts_word)
        self._spaced: re.Pattern[str] | None = None
        if others:
            alternatives = "|".join(re.escape(a) for a in others)
            self._spaced = re.compile(rf"({alternatives})(?:s)?(?![\w-])")
        self._scan: re.Pattern[str] | None = None
        if words:
            starts = "".join(re.escape(c) for c in sorted({a[0] for a in words}))
            self._scan = re.compile(rf"[{starts}][\w-]*")
        # a text with none of the characters an acronym or a capitalised word starts with
        # holds neither (masking only blanks characters out)
        # (an empty acronym, which the model refuses, would match anywhere: no such test)
        firsts = {a[0] for a in self.defined if a} | set(string.ascii_uppercase)
        self._any_start = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]")
            if all(self.defined)
            else re.compile("")
        )

    def _masked(self, text: str) -> str:
        """Blank out URLs, code, link targets and cross-references so they are not scanned."""

        def blank(match: re.Match[str]) -> str:
            return " " * len(match.group(0))

        # each pattern is tried only when the character it needs is in the text: most
        # prose has no URL, code, link, reference, footnote or citation
        if "://" in text or "www." in text:
            text = URL.sub(blank, text)
        if "@" in text:
            text = _blank_addresses(text)
        if "`" in text:
            text = _CODE.sub(blank, text)
        if "](" in text:
            # a « ]( » with no « ) » after it would be scanned to the end of the text, once
            # for each: only the text up to the last « ) » can hold a link target
            last = text.rfind(")") + 1
            text = _LINK.sub(blank, text[:last]) + text[last:]
        if "[[" in text:
            text = REF.sub(blank, text)
        if "[^" in text:
            text = FOOTNOTE.sub(blank, text)
        if self._any_phrase is not None and self._any_phrase.search(text) is not None:
            text = self._phrases.sub(blank, text)  # type: ignore[union-attr]
        if "[" in text and "@" in text:
            text = CITE_GROUP.sub(blank, text)
        return text

    def _spans(self, masked: str) -> list[tuple[int, int, str]]:
        """``(start, end, acronym)`` of the defined acronyms of a masked text, in order;
        ``end`` includes a plural « s »."""
        spaced = self._spaced_spans(masked) if self._spaced is not None else []
        if self._scan is None:
            return spaced
        found: list[tuple[int, int, str]] = []
        get = self._lookup.get
        if not spaced:
            # the usual case, no acronym written with a space: a word of the set that
            # starts a word (the few found are looked at, not every capitalised word)
            hits = self._lookup.keys() & set(self._scan.findall(masked))
            if not hits:
                return found  # none: told without a match object per capitalised word
            if len(hits) <= _FEW_HITS:
                return self._hit_spans(masked, hits)
            for mt in self._scan.finditer(masked):
                acronym = get(mt.group())
                if acronym is not None and _starts_word(masked, mt.start(), "@/#-"):
                    found.append((mt.start(), mt.end(), acronym))
            return found
        later = iter(spaced)
        nxt = next(later, None)
        taken_until = -1
        # a match that does not start a word is inside one: the word is not an acronym
        # (a word of the set starts with one of the pattern's characters, so it would have
        # matched from its start)
        for mt in self._scan.finditer(masked):
            start = mt.start()
            # an acronym with a space starts a word and is longer than a one-word acronym
            # there: it wins where both match, as in one regex of all
            while nxt is not None and nxt[0] <= start:
                found.append(nxt)
                taken_until = nxt[1]
                nxt = next(later, None)
            if start < taken_until or not _starts_word(masked, start, "@/#-"):
                continue
            acronym = get(mt.group(0))
            if acronym is not None:
                found.append((start, mt.end(), acronym))
        if nxt is not None:
            found.append(nxt)
            found.extend(later)
        return found

    def _hit_spans(self, masked: str, hits: set[str]) -> list[tuple[int, int, str]]:
        """The spans of a few words of the set (``hits``, found in ``masked`` by the scan):
        each place where one starts a word and is the whole scanned word there, in order.

        The same spans as the scan's loop: a place that starts a word is where a scanned
        word begins (what is before it is no part of a word), and the scan reads it whole.
        """
        found: list[tuple[int, int, str]] = []
        match = self._scan.match  # type: ignore[union-attr]
        for word in hits:
            acronym = self._lookup[word]
            at = masked.find(word)
            while at >= 0:
                end = at + len(word)
                if _starts_word(masked, at, "@/#-") and match(masked, at).end() == end:  # type: ignore[union-attr]
                    found.append((at, end, acronym))
                at = masked.find(word, at + 1)
        found.sort()
        return found

    def _spaced_spans(self, masked: str) -> list[tuple[int, int, str]]:
        """The acronyms written with a space, each where it starts a word."""
        assert self._spaced is not None
        found: list[tuple[int, int, str]] = []
        pos = 0
        while (mt := self._spaced.search(masked, pos)) is not None:
            if _starts_word(masked, mt.start(), "@/#-"):
                found.append((mt.start(), mt.end(), mt.group(1)))
                pos = mt.end()
            else:  # another may start inside this one, at a later word
                pos = mt.start() + 1
        return found

    def find(self, text: str) -> list[Hit]:
        """Every defined acronym used in ``text``, in order."""
        if not self.defined:
            return []
        spans = self._spans(self._masked(text))
        return [Hit(acronym, start, start + len(acronym)) for start, _, acronym in spans]

    def undefined(self, text: str) -> Iterator[tuple[str, int]]:
        """Capitalised words that look like acronyms but are neither defined nor ignored."""
        return iter(self.scan(text)[1])

    def scan(self, text: str) -> tuple[list[str], list[tuple[str, int]]]:
        """The acronyms ``text`` uses (as ``find``, without places) and its ``undefined``
        words, masking it once."""
        if self._any_start.search(text) is None:
            return [], []
        masked = self._masked(text)
        spans = self._spans(masked)
        used = [acronym for _, _, acronym in spans]
        if spans:
            parts, pos = [], 0
            for start, end, _ in spans:
                parts += [masked[pos:start], " " * (end - start)]
                pos = end
            parts.append(masked[pos:])
            masked = "".join(parts)
        return used, self._undefined_words(masked)

    def _undefined_words(self, masked: str) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        ignore = self.ignore
        for match in _CAPS_WORD.finditer(masked):
            # inside a capitalised word, every later start is preceded by a letter or digit:
            # no word is missed by going on after one that does not start a word
            word = match.group(1)
            if word in ignore or not _starts_word(masked, match.start(), "@/.#-"):
                continue
            # (the pattern holds two capitals at least: never one letter, never digits only)
            if ROMAN.match(word):
                continue
            found.append((word, match.start(1)))
        return found


#: Up to this many different acronyms in a text are found by ``str.find`` (few passes over
#: the text); more, by one pass over its capitalised words: linear whatever their number.
_FEW_HITS = 8


def _starts_word(text: str, start: int, signs: str) -> bool:
    """True when ``text[start]`` follows no word character (``\\w``) nor one of ``signs``:
    the lookbehind of the patterns, told in Python (``str.isalnum`` is ``\\w`` less ``_``)."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or before in signs)


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


#: A heading line: ``# Titre`` (ATX; pandoc wants a space after the marks), its indent
#: and its marks (``render.markdown.neutralise`` escapes the same lines) …
HEADING_LINE = re.compile(r"^([ \t]*)(#{1,6})(?=[ \t]|$)", re.MULTILINE)
#: … or a line of ``===`` / ``---`` right under a line of text (setext).
_UNDERLINE = re.compile(r"[ \t]*(=+|-+)[ \t]*")
_UNDERLINE_START = re.compile(r"\n[ \t]*[=-]")
#: The brace of an attribute block that chooses a Word style (pandoc's DOCX writer reads it).
WORD_STYLE = re.compile(r"\{(?=[^{}\n]*?custom-style\s*=)")


def structure(text: str) -> Iterator[tuple[str, int]]:
    """What a Markdown field may not do, with offsets: ``heading``, ``style``."""
    found = [("heading", m.start(2)) for m in HEADING_LINE.finditer(text)] if "#" in text else []
    offset, previous = 0, ""
    # an underline is a line after another: one « \n », then maybe spaces, then « = » or
    # « - » (most texts have none, and their lines are not read one by one)
    lines = text.split("\n") if _UNDERLINE_START.search(text) else ()
    for line in lines:
        under = _UNDERLINE.fullmatch(line)
        if under and previous.strip() and not _UNDERLINE.fullmatch(previous):
            found.append(("heading", offset + under.start(1)))
        offset, previous = offset + len(line) + 1, line
    if "{" in text:
        found += [("style", m.start()) for m in WORD_STYLE.finditer(text)]
    yield from sorted(found, key=lambda item: item[1])
