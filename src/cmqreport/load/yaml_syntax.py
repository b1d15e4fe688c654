"""The parser's syntax errors, in French, placed where the fix is.

The parser reports where it gave up; the fix is often elsewhere: an unclosed quote runs to
the end of the file (the fix is at the opening quote), an unclosed bracket is noticed lines
later (the message names where it was opened).
"""

from __future__ import annotations

from typing import Any

from cmqreport.diagnostics import Diagnostic, Place

__all__ = ["syntax_diagnostic"]

#: The parser's problems, in the words of a report's author.
_PROBLEMS = {
    "mapping values are not allowed": "deux-points inattendu (une valeur contient « : » ?)",
    "could not find expected ':'": "« : » manquant après une clé",
    "found undefined alias": "alias sans ancre",
    "found character that cannot start any token": "caractère interdit en début de valeur",
    "did not find expected key": "indentation incohérente (clé attendue)",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected node content": "valeur attendue",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets doubles",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu dans la liste entre crochets",
    "did not find expected ',' or '}'": "« , » ou « } » attendu dans le bloc entre accolades",
}
_UNCLOSED_QUOTE = "syntaxe YAML invalide : guillemet ouvert ici et jamais fermé."
_QUOTE_HINT = (
    "Fermez le guillemet ; entre apostrophes, une apostrophe du texte s'écrit deux fois (l''année)."
)
_SYNTAX_HINT = "Vérifiez l'indentation, les deux-points et les guillemets à cet endroit."


def syntax_diagnostic(exc: Exception, text: str, file: str) -> Diagnostic:
    """The diagnostic of the parser's exception ``exc`` while reading ``text``."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    raw_context: str | None = getattr(exc, "context", None)
    context = raw_context or ""
    if context_mark is not None and "quoted scalar" in context:
        # an unclosed quote runs to the end of the file: the fix is at the opening quote
        mark = context_mark
    line = (mark.line + 1) if mark is not None else 1
    col = (mark.column + 1) if mark is not None else 1
    src_line = _line(text, line)
    lead = src_line[: len(src_line) - len(src_line.lstrip(" \t"))]
    if "tab" in problem.lower() or "\t" in lead:
        if "\t" in lead:
            col = lead.index("\t") + 1
        return Diagnostic(
            "CMQ-V008",
            "tabulation utilisée pour indenter.",
            Place(file, line, col),
            hint="Remplacez les tabulations par des espaces.",
        )
    if mark is context_mark and "quoted scalar" in context:
        return Diagnostic("CMQ-V001", _UNCLOSED_QUOTE, Place(file, line, col), hint=_QUOTE_HINT)
    message = _french(problem, raw_context)
    if context_mark is not None and "flow" in context and context_mark.line + 1 < line:
        message = message[:-1] + _unclosed_flow(context, context_mark)
    return Diagnostic("CMQ-V001", message, Place(file, line, col), hint=_SYNTAX_HINT)


def _unclosed_flow(context: str, opened: Any) -> str:
    """« ; « [ » ouvert ligne 3, colonne 7, jamais fermé ? » for a bracket noticed later."""
    opening = "[" if "sequence" in context else "{"
    return (
        f" ; « {opening} » ouvert ligne {opened.line + 1}, "
        f"colonne {opened.column + 1}, jamais fermé ?"
    )


def _french(problem: str, context: str | None) -> str:
    for en, fr in _PROBLEMS.items():
        if en in problem:
            return f"syntaxe YAML invalide : {fr}."
    detail = problem.split("\n")[0]
    return f"syntaxe YAML invalide : {detail}" + (f" ({context})" if context else "") + "."


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""
