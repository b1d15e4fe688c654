"""Jinja's and Python's English messages about a template, said in French.

A template's failure is shown to the person who wrote the template, who reads French: the
messages Jinja gives most (a syntax error, an unknown value, an operation the sandbox
refuses, a macro called with the wrong arguments) are translated here, word for word where
the message has a name in it. A message not in the table is introduced in French and quoted
as Jinja wrote it.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["french_reason"]

#: Jinja's names of tokens (``describe_token``), in the words of the messages.
_TOKENS = {
    "begin of comment": "début de commentaire « {# »",
    "end of comment": "fin de commentaire « #} »",
    "comment": "commentaire",
    "begin of statement block": "« {% »",
    "end of statement block": "« %} »",
    "begin of print statement": "« {{ »",
    "end of print statement": "« }} »",
    "begin of line statement": "début d'instruction de ligne",
    "end of line statement": "fin d'instruction de ligne",
    "template data / text": "texte",
    "end of template": "la fin du gabarit",
}

_Q = r"'([^']*)'"  # a name Jinja quotes: 'campus'

#: (pattern of Jinja's or Python's message, French message), tried in order. Each group is
#: shown by :func:`_word`: a token or a type in French words, a name between « ».
#: Compiled when a message is first translated (:func:`_messages`), not at every start.
_MESSAGES: list[tuple[str, str]] = [
    (p, f)
    for p, f in [
        # syntax (lexer and parser)
        (rf"^Expected an expression, got {_Q}$", "une expression manque avant {0}"),
        (rf"^expected token {_Q}, got {_Q}$", "{0} attendu, {1} trouvé"),
        (rf"^unexpected end of template, expected {_Q}\.?$", "fin du gabarit avant {0}"),
        (rf"^Encountered unknown tag {_Q}\..*$", "balise inconnue {0}"),
        (
            rf"^Unexpected end of template\. Jinja was looking for the following tags: "
            rf"{_Q}.*$",
            "fin du gabarit sans {0} (une balise n'est pas fermée)",
        ),
        (r"^Unexpected end of template\..*$", "fin du gabarit inattendue"),
        (rf"^unexpected char {_Q} at \d+$", "caractère inattendu {0}"),
        (rf"^unexpected {_Q}, expected {_Q}$", "{0} inattendu, {1} attendu"),
        (rf"^unexpected {_Q}$", "{0} inattendu"),
        (r"^tag name expected$", "nom de balise attendu après « {% »"),
        (r"^Missing end of comment tag$", "commentaire « {# » sans sa fin « #} »"),
        (r"^Missing end of raw directive$", "« {% raw %} » sans « {% endraw %} »"),
        (r"^Block names in Jinja have to be valid Python identifiers.*$", "nom de bloc invalide"),
        (r"^can't assign to '(\w+)'$", "affectation impossible ({0})"),
        (
            r"^names starting with an underline can not be imported$",
            "un nom commençant par « _ » ne s'importe pas",
        ),
        (r"^extended multiple times$", "le gabarit a plusieurs « extends »"),
        (r"^expected subscript expression$", "indice attendu entre [ ]"),
        (r"^expected name or number$", "nom ou nombre attendu après le point"),
        (r"^invalid syntax for function call expression$", "appel de fonction mal écrit"),
        (rf"^[Nn]o filter named {_Q}\.?$", "filtre inconnu {0}"),
        (rf"^[Nn]o test named {_Q}\.?$", "test inconnu {0}"),
        (rf"^block {_Q} defined twice$", "bloc {0} défini deux fois"),
        # unknown values (StrictUndefined)
        (rf"^{_Q} is undefined$", "valeur inconnue {0}"),
        (r"^'?None'? has no attribute '([^']*)'$", "valeur vide (None) sans attribut {0}"),
        (
            rf"^'?(?:[\w.]+\.)?(\w+) object'? has no attribute {_Q}$",
            "valeur de type {0} sans attribut {1}",
        ),
        (
            r"^'?(?:[\w.]+\.)?(\w+) object'? has no element (.+)$",
            "valeur de type {0} sans élément {1}",
        ),
        # the sandbox
        (
            rf"^access to attribute {_Q} of {_Q} object is unsafe\.?$",
            "opération interdite dans le bac à sable : l'attribut {0} d'une valeur de type {1}",
        ),
        (
            r"^(.+) is not safely callable$",
            "opération interdite dans le bac à sable : appel de {0}",
        ),
        (r"^Range too big\..*$", "range() trop grand (au plus 100 000 nombres)"),
        # macros
        (
            rf"^macro {_Q} takes not more than (\d+) argument\(s\)$",
            "la macro {0} reçoit trop d'arguments (au plus {1})",
        ),
        (rf"^macro {_Q} takes no keyword argument {_Q}$", "la macro {0} n'a pas d'argument {1}"),
        (
            rf"^macro {_Q} was invoked with two values for the special caller argument.*$",
            "la macro {0} reçoit deux fois l'argument caller",
        ),
        # Python's own words, for the most frequent mistakes
        (
            rf"^unsupported operand type\(s\) for (\S+): {_Q} and {_Q}$",
            "{0} impossible entre une valeur de type {1} et une valeur de type {2}",
        ),
        (
            r'^can only concatenate (\w+) \(not "(\w+)"\) to \w+$',
            "« + » entre une valeur de type {0} et une valeur de type {1} : "
            "écrivez « ~ » pour joindre du texte",
        ),
        (
            rf"^{_Q} not supported between instances of {_Q} and {_Q}$",
            "{0} impossible entre une valeur de type {1} et une valeur de type {2}",
        ),
        (rf"^{_Q} object is not iterable$", "une valeur de type {0} ne se parcourt pas (for)"),
        (rf"^{_Q} object is not callable$", "une valeur de type {0} ne s'appelle pas"),
        (rf"^object of type {_Q} has no len\(\)$", "une valeur de type {0} n'a pas de longueur"),
        (rf"^{_Q} object is not subscriptable$", "une valeur de type {0} ne s'indexe pas"),
        (r"^(?:list|tuple|string) index out of range$", "indice hors de la liste"),
        (r"^invalid literal for int\(\) with base \d+: '(.*)'$", "{0} n'est pas un nombre entier"),
        (r"^could not convert string to float: '(.*)'$", "{0} n'est pas un nombre"),
        (r"^Exceeds the limit \(\d+ digits\).*$", "nombre de trop de chiffres pour être écrit"),
    ]
]

#: Python's words for the types, in the messages above.
_TYPES = {
    "str": "texte",
    "int": "nombre entier",
    "float": "nombre",
    "list": "liste",
    "tuple": "liste",
    "dict": "dictionnaire",
    "NoneType": "valeur vide (None)",
    "None": "valeur vide (None)",
    "bool": "booléen",
    "Undefined": "valeur inconnue",
    "StrictUndefined": "valeur inconnue",
}


_SLOT = re.compile(r"\{(\d)\}")


def french_reason(message: str) -> str:
    """``message`` (Jinja's or Python's English) in French; quoted when it is not known."""
    text = " ".join(message.split()).strip()
    for pattern, french in _messages():
        found = pattern.match(text)
        if found:
            return _filled(french, [_word(g) for g in found.groups()])
    return f"message de Jinja : « {text.rstrip('.')} »"


@cache
def _messages() -> list[tuple[re.Pattern[str], str]]:
    """:data:`_MESSAGES` compiled."""
    return [(re.compile(p), f) for p, f in _MESSAGES]


def _filled(french: str, words: list[str]) -> str:
    """``french`` with {0}, {1} replaced by ``words``; other braces ({%, {#) are its own."""
    return _SLOT.sub(lambda slot: words[int(slot.group(1))], french)


def _word(value: str) -> str:
    """A token or a type in French words; any other name between « »."""
    if value.isdigit():
        return value
    return _TOKENS.get(value) or _TYPES.get(value) or f"« {value} »"
