"""The bytes of a YAML file as text: UTF-8 with or without BOM, CRLF or LF.

Anything else (UTF-16, a binary file, Latin-1) is reported at the first bad byte: editors
on Windows still save in those encodings, and the fix is to save again as UTF-8.
"""

from __future__ import annotations

from cmqreport.diagnostics import Diagnostic, Place, cut

__all__ = ["decode"]

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
    if b"\x00" in raw:
        return None, _nul_bytes(raw, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, _not_utf8(raw, exc.start, file)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _nul_bytes(raw: bytes, file: str) -> Diagnostic:
    """A file with NUL bytes: UTF-16 without BOM, or not text at all."""
    if raw.count(b"\x00") * 4 >= len(raw):  # every other byte: UTF-16 without BOM
        return Diagnostic(
            "CMQ-V013",
            "le fichier semble être en UTF-16 (octets nuls).",
            Place(file, 1, 1),
            hint=_RESAVE,
        )
    line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
    return Diagnostic(
        "CMQ-V013",
        "le fichier contient un octet nul (fichier binaire ?).",
        Place(file, line, 1),
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
