"""The bytes of a YAML file as text: UTF-8 with or without BOM, CRLF or LF.

Anything else (UTF-16, a binary file, Latin-1) is reported at the first bad byte: editors
on Windows still save in those encodings, and the fix is to save again as UTF-8.
"""

from __future__ import annotations

from cmqreport.diagnostics import CONTROL, Diagnostic, Place, char_name, cut, without_controls

__all__ = ["control_characters", "control_diagnostic", "decode"]

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_RESAVE = "Ré-enregistrez-le en UTF-8."


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """Decode UTF-8 (BOM allowed) with LF line ends; else None and the diagnostic."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    if raw.startswith(_UTF16_BOMS):
        return None, Diagnostic(
            "CMQ-V013", "le fichier est en UTF-16.", Place(file, 1, 1), hint=_RESAVE
        )
    if b"\x00" in raw and raw.count(b"\x00") * 4 >= len(raw):
        return None, _nul_bytes(raw, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, _not_utf8(raw, exc.start, file)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _nul_bytes(raw: bytes, file: str) -> Diagnostic:
    """A file of NUL bytes every other byte: UTF-16 without BOM (a few NULs in UTF-8 text
    are control characters, placed one by one by :func:`control_characters`)."""
    return Diagnostic(
        "CMQ-V013",
        "le fichier semble être en UTF-16 (octets nuls).",
        Place(file, 1, 1),
        hint=_RESAVE,
    )


#: At most this many control characters are placed one by one in a file; then one summary.
_CONTROL_MAX = 50


def control_characters(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """Each raw control character of ``text`` as a diagnostic at its line and column, and
    the text with each replaced by U+FFFD, so that the parser reads on (it would stop at
    the first with a message about something else) and the file's syntax is still checked.
    The file counts as unread for the checks across files until they are removed."""
    found: list[Diagnostic] = []
    matches = list(CONTROL.finditer(text))
    for match in matches[:_CONTROL_MAX]:
        found.append(control_diagnostic(match.group(), Place.at_offset(file, text, match.start())))
    if len(matches) > _CONTROL_MAX:
        found.append(
            Diagnostic(
                "CMQ-V120",
                f"{len(matches) - _CONTROL_MAX} autres caractères de contrôle dans ce fichier.",
                Place(file),
                hint=_CONTROL_HINT,
            )
        )
    if not matches:
        return text, found
    return without_controls(text), found


_CONTROL_HINT = (
    "Supprimez-le : c'est un caractère invisible de commande (souvent collé depuis un "
    "terminal), qu'aucun format n'imprime."
)


def control_diagnostic(char: str, place: Place, path: str | None = None) -> Diagnostic:
    """The diagnostic of one control character ``char`` at ``place``."""
    name = char_name(char)
    return Diagnostic(
        "CMQ-V120",
        f"caractère de contrôle {name} dans le texte.",
        place,
        hint=_CONTROL_HINT,
        path=path,
        value=name,
    )


def _not_utf8(raw: bytes, start: int, file: str) -> Diagnostic:
    """A byte that is not UTF-8 at ``start``: most likely Latin-1 or Windows-1252 text."""
    before = raw[:start]
    line = before.count(b"\n") + 1
    # a column counts characters: the valid UTF-8 before the bad byte counts once
    col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
    guess = raw[start : start + 8].decode("latin-1", "replace")
    return Diagnostic(
        "CMQ-V013",
        f"octet {raw[start]:#04x} invalide en UTF-8 (Latin-1 ou Windows-1252 ?).",
        Place(file, line, col),
        hint="Ré-enregistrez le fichier en UTF-8 (« Enregistrer sous » → UTF-8).",
        value=cut(guess, 20),
    )
