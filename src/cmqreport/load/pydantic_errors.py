"""Pydantic's validation errors, turned into diagnostics placed in the source file.

The loader and the workbook reader both check plain data against the model; nothing
downstream of them sees a pydantic error. Each error becomes one diagnostic in French, at
the place of the offending value (or key), with a hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import ValidationError

from cmqreport import model as m
from cmqreport.diagnostics import Diagnostic, Place, cut
from cmqreport.diagnostics.french import plural
from cmqreport.diagnostics.hints import did_you_mean
from cmqreport.load.yamlsrc import Loaded, PathKey, dotted

__all__ = ["pydantic_diagnostics"]

#: What a value of each pydantic type error should have been.
_TYPE_WORDS = {
    "string_type": "du texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "true ou false",
    "bool_parsing": "true ou false",
    "list_type": "une liste (lignes commençant par « - »)",
    "dict_type": "un bloc « clé: valeur »",
    "model_type": "un bloc « clé: valeur »",
    "model_attributes_type": "un bloc « clé: valeur »",
}
# possessive: a long run of spaces is read once, not tried at every split (linear time)
_NUMBER_TEXT = re.compile(r"^[-+]?[\d\s\u00a0\u202f.,]++(€|%|EUR)?$")
_BOUNDS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
_LENGTHS = ("too_short", "too_long", "string_too_long")


def pydantic_diagnostics(
    exc: ValidationError, src: Loaded, model: type[m.Model]
) -> list[Diagnostic]:
    """Turn a pydantic ``ValidationError`` into diagnostics placed in the source file."""
    out: list[Diagnostic] = []
    seen: set[PathKey] = set()
    seen_kinds: set[tuple[PathKey, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(loc, src.data)
        kind = err["type"]
        if kind == "invalid_key":  # a key that is not text where field names are expected
            path = (*_data_path(loc[:-1], src.data), err.get("input"))
            kind = "extra_forbidden"
        # one diagnostic per value: a union reports every branch's failure at one path
        if (path, kind) in seen_kinds or (kind != "missing" and path in seen):
            continue
        if any(path[: len(done)] == done for done in src.reported):
            continue  # the reader reported this value already (a workbook's cell)
        seen.add(path)
        seen_kinds.add((path, kind))
        on_key = bool(loc) and loc[-1] == "[key]"  # the key of a mapping is at fault
        out.append(src.adapt(_one(err, kind, path, src, model, on_key=on_key), path))
    return out


# --------------------------------------------------------------------------- one error


def _one(
    err: Any, kind: str, path: PathKey, src: Loaded, model: type[m.Model], *, on_key: bool = False
) -> Diagnostic:
    """The diagnostic of one pydantic error of type ``kind`` about ``path``."""
    if kind == "extra_forbidden":
        return _unknown_key(path, src, model)
    if kind == "missing":
        return _missing(path, src)
    bad = _Bad.of(err, path, src.place(path, key=on_key))
    kind = _value_kind(kind, bad.message)
    for test, build in _VALUE_RULES:
        if test(kind, bad):
            return build(kind, bad)
    return _coded("CMQ-V006", bad, f"valeur refusée : {err.get('msg', kind)}.")


def _unknown_key(path: PathKey, src: Loaded, model: type[m.Model]) -> Diagnostic:
    key = "?" if not path else "(vide)" if path[-1] is None else str(path[-1])
    allowed = _fields_of(model, path[:-1])
    hint = did_you_mean(key, allowed)
    if hint is None:
        hint = "Supprimez-la ou vérifiez son orthographe."
        if allowed:
            hint += " Clés possibles : " + ", ".join(allowed) + "."
    return Diagnostic(
        "CMQ-V002",
        f"clé inconnue « {key} ».",
        src.place(path, key=True),
        hint=hint,
        path=dotted(path),
    )


def _missing(path: PathKey, src: Loaded) -> Diagnostic:
    key = str(path[-1]) if path else "?"
    return Diagnostic(
        "CMQ-V003",
        f"la clé « {key} » est obligatoire ici.",
        src.place(path[:-1]),  # the key is absent: the place of its block
        hint=f"Ajoutez « {key}: … ».",
        path=dotted(path),
    )


@dataclass(frozen=True)
class _Bad:
    """A refused value: the error, the value as shown, its data path and its place."""

    err: Any
    value: Any
    shown: str | None
    path: PathKey
    place: Place

    @classmethod
    def of(cls, err: Any, path: PathKey, place: Place) -> _Bad:
        value = err.get("input")
        shown = cut(value) if isinstance(value, str | int | float | bool) else None
        return cls(err, value, shown, path, place)

    @property
    def message(self) -> str:
        return str(self.err.get("msg", ""))


def _value_kind(kind: str, message: str) -> str:
    """The error type, with the model's own value errors named by what they check."""
    if kind == "value_error" and "date" in message:
        return "date_type"  # a number where a date is expected (see model.Date)
    if kind == "value_error" and "booléen" in message:
        return "float_type"  # true/false where a number is expected (see model.Number)
    return kind


def _coded(
    code: str, bad: _Bad, message: str, hint: str | None = None, *, value: bool = True
) -> Diagnostic:
    return Diagnostic(
        code,
        message,
        bad.place,
        hint=hint,
        path=dotted(bad.path),
        value=bad.shown if value else None,
    )


def _date(kind: str, bad: _Bad) -> Diagnostic:
    return _coded(
        "CMQ-V004",
        bad,
        f"« {bad.shown} » n'est pas une date.",
        "Attendu AAAA-MM-JJ (ex. 2021-02-04).",
    )


def _number_as_text(kind: str, bad: _Bad) -> Diagnostic:
    return _coded(
        "CMQ-V015",
        bad,
        f"« {bad.shown} » est un nombre écrit comme du texte.",
        "Écrivez le nombre seul, sans espace ni symbole, avec un point décimal (ex. 15000.00).",
    )


def _wrong_type(kind: str, bad: _Bad) -> Diagnostic:
    found = "trouvée" if bad.value is None or isinstance(bad.value, list) else "trouvé"
    hint = "Mettez le texte entre guillemets si c'est du texte." if kind == "string_type" else None
    return _coded(
        "CMQ-V005", bad, f"{_describe(bad.value)} {found}, {_TYPE_WORDS[kind]} attendu.", hint
    )


def _not_allowed(kind: str, bad: _Bad) -> Diagnostic:
    expected = str(bad.err.get("ctx", {}).get("expected", ""))
    head, sep, last = expected.rpartition(" or ")
    expected = f"{head} ou {last}" if sep else expected
    return _coded(
        "CMQ-V006",
        bad,
        f"« {bad.shown} » n'est pas une valeur autorisée.",
        f"Valeurs possibles : {expected}.",
    )


def _bad_pattern(kind: str, bad: _Bad) -> Diagnostic:
    return _coded(
        "CMQ-V006", bad, f"« {bad.shown} » n'a pas le format attendu.", _pattern_hint(bad.path)
    )


def _out_of_bounds(kind: str, bad: _Bad) -> Diagnostic:
    bound = ", ".join(f"{k} {v}" for k, v in bad.err.get("ctx", {}).items())
    return _coded("CMQ-V006", bad, f"« {bad.shown} » est hors des limites ({bound}).")


def _bad_length(kind: str, bad: _Bad) -> Diagnostic:
    ctx = bad.err.get("ctx") or {}
    if kind == "string_too_long":
        size = len(bad.value) if isinstance(bad.value, str) else "?"
        message = f"texte de {size} caractères, {ctx.get('max_length', '?')} au plus."
        return _coded("CMQ-V006", bad, message, "Raccourcissez le texte.", value=False)
    count = ctx.get("actual_length", "?")
    if kind == "too_short":
        shown = plural(count, "élément") if isinstance(count, int) else f"{count} élément"
        message = f"{shown}, il en faut au moins {ctx.get('min_length', '?')}."
        hint = "Ajoutez des éléments (une ligne « - » chacun)."
    else:
        shown = plural(count, "élément") if isinstance(count, int) else f"{count} éléments"
        message = f"{shown}, {ctx.get('max_length', '?')} au plus."
        hint = "Retirez des éléments, ou répartissez-les en plusieurs."
    return _coded("CMQ-V006", bad, message, hint, value=False)


def _is_number_text(kind: str, bad: _Bad) -> bool:
    return (
        kind in ("float_parsing", "int_parsing")
        and isinstance(bad.value, str)
        and bool(_NUMBER_TEXT.match(bad.value.strip()))
    )


_Test = Callable[[str, _Bad], bool]
_Build = Callable[[str, _Bad], Diagnostic]

#: The first rule whose test accepts the error builds its diagnostic.
_VALUE_RULES: tuple[tuple[_Test, _Build], ...] = (
    (lambda kind, bad: kind.startswith(("date_", "datetime_")), _date),
    (_is_number_text, _number_as_text),
    (lambda kind, bad: kind in _TYPE_WORDS, _wrong_type),
    (lambda kind, bad: kind in ("enum", "literal_error"), _not_allowed),
    (lambda kind, bad: kind == "string_pattern_mismatch", _bad_pattern),
    (lambda kind, bad: kind in _BOUNDS, _out_of_bounds),
    (lambda kind, bad: kind in _LENGTHS, _bad_length),
)


def _describe(value: Any) -> str:
    """What a value is, in the words of the message (« texte « abc » », « liste »)."""
    if value is None:
        return "valeur vide"
    if isinstance(value, bool):
        return "booléen"
    if isinstance(value, int | float):
        return "nombre"
    if isinstance(value, str):
        return f"texte « {cut(value, 40)} »"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "bloc « clé: valeur »"
    return type(value).__name__


def _pattern_hint(path: PathKey) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if last in ("campus", "code", "campuses", "campus_order"):
        return "Un code de campus s'écrit en majuscules (ex. AGT)."
    return "Un identifiant s'écrit en minuscules, chiffres et tirets (ex. voie-des-talents)."


# --------------------------------------------------------------------------- locations


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Keep only the parts of a pydantic location that exist in the data (drop union tags)."""
    out: list[Any] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and isinstance(part, str) and part not in cur:
            # pydantic names a key that is not text (null, true, 1.5) by its str()
            part = next((k for k in cur if not isinstance(k, str) and str(k) == part), part)
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if in_dict or in_list:
            out.append(part)
            cur = cur[part]
        elif (
            isinstance(cur, dict) and isinstance(part, str) and part.isdigit() and int(part) in cur
        ):
            out.append(int(part))
            cur = cur[int(part)]
        elif isinstance(cur, dict) and not isinstance(part, int) and not _is_tag(part):
            # a missing key: keep it so the message can name it
            out.append(part)
            cur = None
    return tuple(out)


def _is_tag(part: Any) -> bool:
    """True for the name pydantic gives a branch of a union (``Figure``, ``list[str]``)."""
    return isinstance(part, str) and (
        part[:1].isupper() or "[" in part or part in ("str", "int", "float", "bool", "date")
    )


def _fields_of(model: type[m.Model], path: PathKey) -> list[str]:
    """Field names expected at ``path`` (for did-you-mean), best effort."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    """The model class inside an annotation (``list[Section] | None`` → ``Section``)."""
    if isinstance(annotation, type) and issubclass(annotation, m.Model):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
