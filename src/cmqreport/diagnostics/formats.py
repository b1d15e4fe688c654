"""Diagnostics as plain text lines, a JSON document or GitHub Actions annotations.

Names in diagnostics come from the data (file and sheet names, values): whatever they
hold, every printed diagnostic is one line, and no line starts as a workflow command
(``::error …``) that GitHub would obey. Control characters are shown escaped (``\\n``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence

from cmqreport.diagnostics.record import Diagnostic, summary

__all__ = [
    "ANNOTATIONS_PER_LEVEL",
    "JSON_SCHEMA_VERSION",
    "format_github",
    "format_json",
    "line_of",
    "printable",
    "repo_path",
    "running_on_github",
]

JSON_SCHEMA_VERSION = 1
#: GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
#: job): https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
ANNOTATIONS_PER_LEVEL = 10

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# control characters, line and paragraph separators, and the bidirectional controls that
# make a name read differently from what it is
_SHOWN = {
    code: _SHORT.get(chr(code)) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in [
        *range(0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
}
_KEEP_NEWLINES = {k: v for k, v in _SHOWN.items() if chr(k) not in "\r\n"}


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x1b``): one line,
    unless ``newlines`` are kept (for GitHub's own escaping)."""
    return text.translate(_SHOWN if newlines else _KEEP_NEWLINES)


def _disarmed(line: str) -> str:
    """A line that GitHub never reads as a workflow command (``::cmd::``, ``##[cmd]``)."""
    return "\\" + line if line.startswith(("::", "##[")) else line


def line_of(d: Diagnostic) -> str:
    """The one-line text form, without colours."""
    head = f"{d.place}: " if d.place else ""
    path = f" {d.path}:" if d.path else ""
    text = f"{head}{d.level.value} {d.code}{path} {d.message}"
    if d.hint:
        text += f" {d.hint}"
    return _disarmed(printable(text))


def format_json(diags: Sequence[Diagnostic], *, project: str) -> str:
    """One JSON document with a schema version, a summary and every diagnostic."""
    doc = {
        "schema_version": JSON_SCHEMA_VERSION,
        "project": project,
        "summary": summary(diags),
        "diagnostics": [d.to_dict() for d in diags],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    """GitHub's escaping of a command's data (or of a property): the command stays one
    line; other control characters are shown escaped."""
    text = printable(text, newlines=False)
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def repo_path(file: str, project: str) -> str:
    """Where GitHub finds ``file`` (relative to the project): relative to the checkout.

    Annotations name files from the root of the repository (``$GITHUB_WORKSPACE``, else
    the current directory), whereas diagnostics name them from the project's folder.
    """
    absolute = os.path.abspath(os.path.join(project, file))
    root = os.path.abspath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    rel = os.path.relpath(absolute, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def format_github(
    diags: Sequence[Diagnostic],
    *,
    project: str = ".",
    per_level: int | None = ANNOTATIONS_PER_LEVEL,
) -> list[str]:
    """GitHub Actions workflow commands, one per diagnostic (``::error file=…``).

    ``project`` is the project folder as given on the command line: files are named from
    the repository's root, so that annotations land on them. Beyond ``per_level`` of a
    level, GitHub would drop the annotations silently: they are left to the text that
    follows, and a last notice says how many (it takes one of the notices' places).
    """
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    counts = Counter(levels[d.level.value] for d in diags)
    capped = per_level is not None and any(n > per_level for n in counts.values())
    room = dict.fromkeys(levels.values(), per_level or len(diags))
    if capped:
        room["notice"] -= 1
    lines, hidden = [], Counter[str]()
    for d in diags:
        kind = levels[d.level.value]
        if room[kind] > 0:
            room[kind] -= 1
            lines.append(_annotation(d, kind, project))
        else:
            hidden[kind] += 1
    if capped:
        words = {"error": "erreur", "warning": "avertissement", "notice": "note"}
        counted = [f"{n} {words[k]}{'s' if n > 1 else ''}" for k in words if (n := hidden[k])]
        what = " et ".join([", ".join(counted[:-1]), counted[-1]] if len(counted) > 1 else counted)
        lines.append(
            f"::notice title=CMQ-V071 annotations-capped::sans annotation : {what} de plus "
            f"(GitHub n'en montre que {per_level} par niveau et par étape) ; tous les "
            "diagnostics sont dans le texte qui suit."
        )
    return lines


def _annotation(d: Diagnostic, kind: str, project: str) -> str:
    """The workflow command of one diagnostic."""
    props = []
    if d.place:
        props.append(f"file={_gh_escape(repo_path(d.place.file, project), prop=True)}")
        if d.place.line:
            props.append(f"line={d.place.line}")
        if d.place.col:
            props.append(f"col={d.place.col}")
    props.append(f"title={_gh_escape(f'{d.code} {d.slug}', prop=True)}")
    msg = (f"{d.path}: " if d.path else "") + d.message + (f" {d.hint}" if d.hint else "")
    if d.place and d.place.sheet:
        msg = f"{d.place}: {msg}"
    return f"::{kind} {','.join(props)}::{_gh_escape(msg)}"


def running_on_github() -> bool:
    """True when running inside GitHub Actions."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
