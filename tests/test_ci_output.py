"""Diagnostics printed for CI: one line each, never a forged workflow command, capped."""

from __future__ import annotations

from cmqreport.diagnostics import Diagnostic, Place, format_github, line_of
from cmqreport.diagnostics.formats import printable


def test_control_characters_are_shown_escaped() -> None:
    assert printable("a\nb\r\tc\x1b[31m\u2028\u202e") == "a\\nb\\r\\tc\\x1b[31m\\u2028\\u202e"
    assert printable("« 15 000,00 € » l’année") == "« 15 000,00 € » l’année"


def test_a_text_line_is_one_line_and_no_command() -> None:
    diag = Diagnostic("CMQ-V028", "fichier inattendu.", Place("notes\n::error::x.yaml"))
    assert line_of(diag) == "notes\\n::error::x.yaml: warning CMQ-V028 fichier inattendu."
    forged = Diagnostic("CMQ-V028", "fichier inattendu.", Place("::error::x.yaml"))
    assert line_of(forged).startswith("\\::error::x.yaml: warning")
    legacy = Diagnostic("CMQ-V028", "fichier inattendu.", Place("##[error]x.yaml"))
    assert not line_of(legacy).startswith("##[")


def test_annotations_are_capped_per_level_with_a_notice() -> None:
    diags = [Diagnostic("CMQ-V004", f"date {n}.", Place("a.yaml", n)) for n in range(1, 13)]
    diags += [Diagnostic("CMQ-V028", f"fichier {n}.", Place(f"{n}.txt")) for n in range(3)]
    lines = format_github(diags)
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert lines[-1].startswith("::notice title=CMQ-V071 annotations-capped::")
    assert "2 erreurs de plus" in lines[-1]


def test_the_capping_notice_takes_a_notice_place() -> None:
    infos = [Diagnostic("CMQ-V071", "note.", severity=None) for _ in range(12)]
    lines = format_github(infos)
    assert len(lines) == 10 and "3 notes de plus" in lines[-1]
    assert len(format_github(infos[:10])) == 10  # ten fit: no capping notice
    assert len(format_github(infos, per_level=None)) == 12
