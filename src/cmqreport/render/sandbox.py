"""Jinja's sandbox, bounded: a project template can neither run for ever nor fill the memory.

The sandbox of Jinja stops a template from reaching Python's internals, but not from
working without end: two nested ``range(100000)`` loops, ``"x" * 2000000000`` or a string
doubled in a loop would hang the build or exhaust the memory. The environment below counts
the template's work over a whole report:

* each turn of a ``for`` loop costs one unit, each call :data:`CALL_COST`; every string or
  list a template builds (``*``, ``+``, ``~``, a filter, a method) costs its size /
  :data:`SIZE_UNIT`;
* no single value it builds may hold more than :data:`MAX_SIZE` characters or items, and
  ``**`` or ``*`` on integers no more than :data:`MAX_BITS` bits;
* the output of one template is at most :data:`MAX_OUTPUT` characters.

Past a bound, :class:`TemplateLimit` is raised where the template is, so the diagnostic
(CMQ-V040) names its line. The built-in report uses a small fraction of each bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, update_wrapper
from typing import Any

__all__ = ["MAX_OUTPUT", "MAX_SIZE", "MAX_WORK", "TemplateLimit", "bounded_environment"]

#: Units of work of all templates of one report (the built-in report of examples/bfc
#: takes under a thousand): about a second of loops, or of macro calls.
MAX_WORK = 1_000_000
#: Units of work of one call (a macro call takes about twenty times a loop turn).
CALL_COST = 20
#: Characters of a string, or items of a list, that a template builds in one operation.
MAX_SIZE = 2_000_000
#: One unit of work per this many characters or items built.
SIZE_UNIT = 64
#: Bits of an integer that ``*`` or ``**`` may compute.
MAX_BITS = 100_000
#: Characters that one template (or macro, or block) may output.
MAX_OUTPUT = 20_000_000


class TemplateLimit(Exception):
    """A template went past one of the sandbox's bounds (French message for people)."""


def bounded_environment(filters: dict[str, Callable[..., Any]], **options: Any) -> Any:
    """A sandboxed Jinja environment whose work is bounded (see the module's docstring),
    with Jinja's filters and ``filters``."""
    env = _environment_class()(**options)
    env.cmq_work = 0
    env.globals.pop("lipsum", None)  # random text of any length: nothing a report needs
    env.filters.update(filters)
    env.filters.update({name: _bounded_filter(env, f) for name, f in env.filters.items()})
    for name, check in _FILTER_CHECKS.items():
        env.filters[name] = _checked(env.filters[name], check)
    env.filters["cmq_turns"] = _turns_filter(env)
    env.filters["cmq_concat"] = _concat_filter(env)
    return env


@cache
def _environment_class() -> type:
    from jinja2.sandbox import SandboxedEnvironment

    namespace = {
        "intercepted_binops": frozenset({"*", "**", "+", "%"}),
        "call_binop": _call_binop,
        "call": _call,
        "wrap_str_format": _wrap_str_format,
        "_parse": _parse,
    }
    return type("BoundedEnvironment", (SandboxedEnvironment,), namespace)


# --------------------------------------------------------------------------- the budget


def spend(env: Any, units: int) -> None:
    """Count ``units`` of work; past :data:`MAX_WORK`, stop the template."""
    env.cmq_work += units
    if env.cmq_work > MAX_WORK:
        raise TemplateLimit(
            "le gabarit travaille trop (trop de tours de boucle ou d'appels pour un "
            "rapport) : réduisez les boucles imbriquées ou la récursion"
        )


def _charge(env: Any, value: Any) -> Any:
    """Count the size of a value a template built; too big a value stops the template."""
    if isinstance(value, str | list | tuple | bytes | dict | set):
        _check_size(len(value))
        spend(env, len(value) // SIZE_UNIT)
    return value


def _check_size(size: int) -> None:
    if size > MAX_SIZE:
        raise TemplateLimit(
            f"le gabarit construit une valeur de {_n(size)} caractères ou éléments (au plus "
            f"{_n(MAX_SIZE)}) : réduisez la répétition"
        )


def _check_bits(bits: float) -> None:
    if bits > MAX_BITS:
        raise TemplateLimit(
            f"le gabarit calcule un nombre de plus de {_n(MAX_BITS)} bits : réduisez "
            "l'exposant ou le produit"
        )


def _n(number: int) -> str:
    """2 000 000: digits grouped the French way."""
    return f"{number:,}".replace(",", "\u202f")


# --------------------------------------------------------------------------- operators


_SEQUENCES = (str, list, tuple, bytes)


def _call_binop(env: Any, context: Any, operator: str, left: Any, right: Any) -> Any:
    """``*``, ``**``, ``+`` and ``%`` with the size of their result checked first."""
    if operator == "*":
        _check_product(left, right)
    elif operator == "**":
        _check_power(left, right)
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        _check_size(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        _check_widths(left)
    return _charge(env, env.binop_table[operator](left, right))


def _check_product(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, _SEQUENCES) and isinstance(times, int):
            _check_size(len(seq) * max(times, 0))
    if isinstance(left, int) and isinstance(right, int):
        _check_bits(left.bit_length() + right.bit_length())


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        _check_bits(base.bit_length() * exponent)


# "%10s", "%-*d", "%.2f": the widths and precisions of printf-style formats
_PRINTF = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
# "{:>10}", "{0:.{p}f}": the format spec of str.format fields
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def _check_widths(fmt: str) -> None:
    """Refuse a format whose widths add up past :data:`MAX_SIZE` or come from arguments."""
    widths = [w for m in _PRINTF.finditer(fmt) for w in m.groups() if w]
    widths += [w for spec in _FORMAT_SPEC.findall(fmt) for w in re.findall(r"\d+|\{", spec)]
    if "*" in widths or "{" in widths:
        raise TemplateLimit(
            "le gabarit donne une largeur de format calculée (« * » ou « {…} ») : "
            "écrivez la largeur en chiffres"
        )
    _check_size(sum(int(w) for w in widths))


def _wrap_str_format(env: Any, value: Any) -> Any:
    """``str.format`` from a template: Jinja's sandboxed one, its widths checked first."""
    from jinja2.sandbox import SandboxedEnvironment

    wrapped = SandboxedEnvironment.wrap_str_format(env, value)
    if wrapped is None:
        return None
    fmt = str(value.__self__)

    def checked(*args: Any, **kwargs: Any) -> str:
        _check_widths(fmt)
        return str(_charge(env, wrapped(*args, **kwargs)))

    return checked


# --------------------------------------------------------------------------- calls


def _call(env: Any, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
    """A call from a template: one unit of work, the sizes of builtin methods checked."""
    from jinja2.exceptions import SecurityError

    if not env.is_safe_callable(obj):
        raise SecurityError(f"{obj!r} is not safely callable")
    spend(env, CALL_COST)
    owner = getattr(obj, "__self__", None)
    # inside loops and blocks Jinja adds _loop_vars/_block_vars, which context.call drops
    if isinstance(owner, str | list) and not set(kwargs) - {"_loop_vars", "_block_vars"}:
        args = _check_method(owner, getattr(obj, "__name__", ""), args)
    return _charge(env, context.call(obj, *args, **kwargs))


def _check_method(owner: str | list[Any], name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Check the size a method of ``str`` or ``list`` would build; its arguments, bounded."""
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill") and isinstance(first, int):
        _check_size(first)
    elif name == "expandtabs" and isinstance(owner, str) and isinstance(first, int):
        _check_size(len(owner) + owner.count("\t") * max(first, 0))
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = owner.count(old) if old else len(owner) + 1
        _check_size(len(owner) + count * max(len(new) - len(old), 0))
    elif name in ("join", "extend") and args:
        items = first if isinstance(first, str | list | tuple) else list(first or ())
        _check_size(len(items) + (len(owner) if name == "extend" else 0))
        if name == "join" and isinstance(owner, str):
            lengths = sum(len(i) for i in items if isinstance(i, str))
            _check_size(lengths + len(owner) * max(len(items) - 1, 0))
        args = (items, *args[1:])
    return args


# --------------------------------------------------------------------------- filters


def _bounded_filter(env: Any, func: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin filter whose result is charged by its size."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        return _charge(env, func(*args, **kwargs))

    return update_wrapper(bounded, func)  # keeps pass_context & co (jinja_pass_arg)


def _checked(func: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    """A filter whose arguments are checked before it runs."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        plain = [a for a in args if not _is_jinja_arg(a)]
        check(*plain, **kwargs)
        return func(*args, **kwargs)

    return update_wrapper(checked, func)


def _is_jinja_arg(value: Any) -> bool:
    from jinja2 import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, Environment | Context | EvalContext)


def _width_check(value: Any = "", width: Any = 80, *args: Any, **kwargs: Any) -> None:
    width = kwargs.get("width", width)
    if isinstance(width, int):
        lines = str(value).count("\n") + 1
        _check_size(len(str(value)) + max(width, 0) * lines)


def _count_check(value: Any = None, count: Any = 1, *args: Any, **kwargs: Any) -> None:
    for key in ("linecount", "slices"):
        count = kwargs.get(key, count)
    if isinstance(count, int):
        _check_size(count)


def _format_check(value: Any = "", *args: Any, **kwargs: Any) -> None:
    _check_widths(str(value))


def _replace_check(value: Any = "", old: Any = "", new: Any = "", *args: Any, **kw: Any) -> None:
    text, old, new = str(value), str(old), str(new)
    count = text.count(old) if old else len(text) + 1
    _check_size(len(text) + count * max(len(new) - len(old), 0))


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _width_check,
    "indent": _width_check,
    "batch": _count_check,
    "slice": _count_check,
    "format": _format_check,
    "replace": _replace_check,
}


def _turns_filter(env: Any) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """The iterable of a ``for`` loop, one unit of work per turn."""

    def turns(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            spend(env, 1)
            yield item

    return _pass_context(lambda _ctx, iterable: turns(iterable))


def _concat_filter(env: Any) -> Callable[..., str]:
    """``a ~ b``: the size of the result checked before it is built."""

    def concat(_ctx: Any, items: list[Any]) -> str:
        parts = [str(i) for i in items]
        return str(_charge_size(env, sum(len(p) for p in parts), parts))

    return _pass_context(concat)


def _charge_size(env: Any, size: int, parts: list[str]) -> str:
    _check_size(size)
    spend(env, size // SIZE_UNIT)
    return "".join(parts)


def _pass_context(func: Callable[..., Any]) -> Callable[..., Any]:
    # a filter that takes the context is never run at compile time (constant folding)
    from jinja2 import pass_context

    return pass_context(func)


# --------------------------------------------------------------------------- the tree


def _parse(env: Any, source: str, name: str | None, filename: str | None) -> Any:
    """Parse a template, then route every loop and every ``~`` through the budget."""
    from jinja2 import Environment, nodes
    from jinja2.visitor import NodeTransformer

    class Bound(NodeTransformer):
        def visit_For(self, node: Any) -> Any:
            self.generic_visit(node)
            node.iter = nodes.Filter(node.iter, "cmq_turns", [], [], None, None)
            node.iter.set_lineno(node.lineno)
            return node

        def visit_Concat(self, node: Any) -> Any:
            self.generic_visit(node)
            items = nodes.List(node.nodes, lineno=node.lineno)
            return nodes.Filter(items, "cmq_concat", [], [], None, None, lineno=node.lineno)

    tree = Bound().visit(Environment._parse(env, source, name, filename))
    tree.set_environment(env)
    return tree


def check_output(size: int) -> None:
    """Stop a template whose output is past :data:`MAX_OUTPUT` characters."""
    if size > MAX_OUTPUT:
        raise TemplateLimit(
            f"le gabarit produit plus de {_n(MAX_OUTPUT)} caractères : réduisez ce qu'il répète"
        )
