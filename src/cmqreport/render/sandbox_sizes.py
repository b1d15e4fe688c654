"""The sizes a template may build, checked before the value is built (see
:mod:`cmqreport.render.sandbox`, which counts the work and calls these).

Each check raises :class:`TemplateLimit`, a French sentence for the author of the template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

__all__ = [
    "FILTER_CHECKS",
    "MAX_BITS",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_SIZE",
    "SEQUENCES",
    "TemplateLimit",
    "bounded_range",
    "check_bits",
    "check_method",
    "check_output",
    "check_power",
    "check_product",
    "check_size",
    "check_widths",
    "grouped",
    "output_budget",
    "output_limit",
    "weight",
]

#: Characters of a string, or items of a list, that a template builds in one operation.
MAX_SIZE = 2_000_000
#: Bits of an integer that ``*`` or ``**`` may compute.
MAX_BITS = 100_000
#: Characters that one template (or macro, or block) may output: ten times the report of
#: examples/bfc (21 campuses, 211 000 characters), which pandoc converts in seconds. A
#: report made from more data may write more: see :func:`output_budget`.
MAX_OUTPUT = 2_000_000
#: How many characters of output each byte of the report's data files allows.
OUTPUT_PER_DATA_BYTE = 10
_output_limit: ContextVar[int] = ContextVar("output_limit", default=MAX_OUTPUT)
#: Levels of lists in lists a template may build (Python prints about a thousand).
MAX_NESTING = 100
#: Numbers of one ``range()`` (Jinja's own bound).
MAX_RANGE = 100_000
#: Characters of a word that ``wordwrap`` may cut, squared, over the width: cutting copies
#: the rest of the word at each cut.
_MAX_CUTS = 400_000_000


class TemplateLimit(Exception):
    """A template went past one of the sandbox's bounds (French message for people).

    ``filename`` and ``lineno`` are the template's place when Python's traceback does not
    hold it (the output checked after the template's frame has returned).
    """

    filename: str | None = None
    lineno: int | None = None


def bounded_range(*args: Any) -> range:
    """``range()`` of at most :data:`MAX_RANGE` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(
            f"range() de {grouped(len(numbers))} nombres (au plus {grouped(MAX_RANGE)}) : "
            "réduisez la boucle"
        )
    return numbers


def check_size(size: int) -> None:
    """Refuse a value of more than :data:`MAX_SIZE` characters or items."""
    if size > MAX_SIZE:
        raise TemplateLimit(
            f"le gabarit construit une valeur de {grouped(size)} caractères ou éléments (au plus "
            f"{grouped(MAX_SIZE)}) : réduisez la répétition"
        )


def check_bits(bits: float) -> None:
    """Refuse an integer of more than :data:`MAX_BITS` bits."""
    if bits > MAX_BITS:
        raise TemplateLimit(
            f"le gabarit calcule un nombre de plus de {grouped(MAX_BITS)} bits : réduisez "
            "l'exposant ou le produit"
        )


def grouped(number: int) -> str:
    """2 000 000: digits grouped the French way."""
    return f"{number:,}".replace(",", "\u202f")


SEQUENCES = (str, list, tuple, bytes)


def weight(value: Any) -> int:
    """The characters and items ``value`` holds, nested lists and their texts included
    (``[s] * 1000`` weighs a thousand times ``s``): what printing it would write.

    A value met twice is weighed once per time it is met, as printing writes it; the walk
    stops past :data:`MAX_SIZE`, so it costs no more than the value's own size.
    """
    known: dict[int, int] = {}

    def walk(item: Any, depth: int = 0) -> int:
        if id(item) in known:
            return known[id(item)]
        if depth > MAX_NESTING:
            raise TemplateLimit(
                f"le gabarit construit une liste imbriquée sur plus de {MAX_NESTING} niveaux"
            )
        known[id(item)] = MAX_SIZE + 1  # a list that holds itself is too big to print
        parts = (*item.keys(), *item.values()) if isinstance(item, dict) else item
        total = len(item)
        # the kinds of the items first (at C speed): most lists hold only texts, or none
        kinds = set(map(type, parts))
        if all(issubclass(k, str | bytes) for k in kinds):
            total += sum(map(len, parts))
        elif any(issubclass(k, (str, bytes, *_CONTAINERS)) for k in kinds):
            for part in parts:
                if isinstance(part, str | bytes):
                    total += len(part)
                elif isinstance(part, _CONTAINERS):
                    total += walk(part, depth + 1)
                    if total > MAX_SIZE:
                        break
        known[id(item)] = total
        return total

    if isinstance(value, str | bytes):
        return len(value)
    return walk(value) if isinstance(value, _CONTAINERS) else 1


_CONTAINERS = (list, tuple, dict, set, frozenset)


def check_product(left: Any, right: Any) -> None:
    """``left * right``: the size of a repeated sequence, the bits of a product."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, SEQUENCES) and isinstance(times, int):
            check_size(weight(seq) * max(times, 0))
    if isinstance(left, int) and isinstance(right, int):
        check_bits(left.bit_length() + right.bit_length())


def check_power(base: Any, exponent: Any) -> None:
    """``base ** exponent``: the bits of the power, before it is computed."""
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        check_bits(base.bit_length() * exponent)


# "%10s", "%-*d", "%.2f": the widths and precisions of printf-style formats
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
# "{:>10}", "{0:.{p}f}": the format spec of str.format fields
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def check_widths(fmt: str) -> None:
    """Refuse a format whose widths add up past :data:`MAX_SIZE` or come from arguments."""
    widths = [w for m in _PRINTF.finditer(fmt) for w in m.groups() if w]
    widths += [w for spec in _FORMAT_SPEC.findall(fmt) for w in re.findall(r"\d+|\{", spec)]
    if "*" in widths or "{" in widths:
        raise TemplateLimit(
            "le gabarit donne une largeur de format calculée (« * » ou « {…} ») : "
            "écrivez la largeur en chiffres"
        )
    check_size(sum(int(w) for w in widths))


def check_method(owner: str | list[Any], name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Check the size a method of ``str`` or ``list`` would build; its arguments, bounded."""
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill") and isinstance(first, int):
        check_size(first)
    elif name == "expandtabs" and isinstance(owner, str) and isinstance(first, int):
        check_size(len(owner) + owner.count("\t") * max(first, 0))
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = owner.count(old) if old else len(owner) + 1
        check_size(len(owner) + count * max(len(new) - len(old), 0))
    elif name in ("join", "extend") and args:
        items = first if isinstance(first, str | list | tuple) else list(first or ())
        check_size(len(items) + (len(owner) if name == "extend" else 0))
        if name == "join" and isinstance(owner, str):
            lengths = sum(len(i) for i in items if isinstance(i, str))
            check_size(lengths + len(owner) * max(len(items) - 1, 0))
        args = (items, *args[1:])
    return args


def _width_check(value: Any = "", width: Any = 80, *args: Any, **kwargs: Any) -> None:
    width = kwargs.get("width", width)
    if isinstance(width, int):
        lines = str(value).count("\n") + 1
        check_size(len(str(value)) + max(width, 0) * lines)


def _count_check(value: Any = None, count: Any = 1, *args: Any, **kwargs: Any) -> None:
    for key in ("linecount", "slices"):
        count = kwargs.get(key, count)
    if isinstance(count, int):
        check_size(count)


def _wrap_check(value: Any = "", width: Any = 79, *args: Any, **kwargs: Any) -> None:
    width = kwargs.get("width", width)
    if not isinstance(width, int) or width < 1:
        raise TemplateLimit(f"wordwrap() attend une largeur d'au moins 1, pas « {width} »")
    longest = max((len(word) for word in str(value).split()), default=0)
    if longest > width and longest * longest // width > _MAX_CUTS:
        raise TemplateLimit(
            f"wordwrap() couperait un mot de {grouped(longest)} caractères en morceaux de "
            f"{grouped(width)} : trop long à calculer"
        )


def _join_check(value: Any = (), sep: Any = "", *args: Any, **kwargs: Any) -> None:
    if isinstance(value, list | tuple):
        texts = sum(len(i) for i in value if isinstance(i, str))
        check_size(texts + len(str(sep)) * max(len(value) - 1, 0))


def _format_check(value: Any = "", *args: Any, **kwargs: Any) -> None:
    check_widths(str(value))


def _replace_check(value: Any = "", old: Any = "", new: Any = "", *args: Any, **kw: Any) -> None:
    text, old, new = str(value), str(old), str(new)
    count = text.count(old) if old else len(text) + 1
    check_size(len(text) + count * max(len(new) - len(old), 0))


FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _width_check,
    "indent": _width_check,
    "wordwrap": _wrap_check,
    "batch": _count_check,
    "slice": _count_check,
    "format": _format_check,
    "join": _join_check,
    "replace": _replace_check,
}


@contextmanager
def output_budget(data_bytes: int) -> Iterator[int]:
    """Within the block, a template may output :data:`OUTPUT_PER_DATA_BYTE` characters per
    byte of the report's data files, and never less than :data:`MAX_OUTPUT`: the report
    of 200 campuses writes some 4 000 000 characters, and the bound is there to stop a
    template that multiplies its data, not one that prints it. Yields the limit."""
    limit = max(MAX_OUTPUT, OUTPUT_PER_DATA_BYTE * data_bytes)
    token = _output_limit.set(limit)
    try:
        yield limit
    finally:
        _output_limit.reset(token)


def output_limit() -> int:
    """The characters one template may output here (:func:`output_budget`)."""
    return _output_limit.get()


def check_output(size: int) -> None:
    """Stop a template whose output is past its limit (:func:`output_budget`)."""
    limit = _output_limit.get()
    if size > limit:
        raise TemplateLimit(
            f"le gabarit produit plus de {grouped(limit)} caractères (au plus dix fois la "
            "taille des fichiers de données du rapport, et 2 000 000 au moins ; un rapport "
            "en fait environ 10 000 par campus) : réduisez ce qu'il répète"
        )
