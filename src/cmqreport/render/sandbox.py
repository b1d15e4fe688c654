"""Jinja's sandbox, bounded: a project template can neither run for ever nor fill the memory.

The sandbox of Jinja stops a template from reaching Python's internals, but not from
working without end: two nested ``range(100000)`` loops, ``"x" * 2000000000`` or a string
doubled in a loop would hang the build or exhaust the memory. The environment below counts
the template's work over a whole report:

* each turn of a ``for`` loop costs one unit, each call :data:`CALL_COST`; every string or
  list a template builds (``*``, ``+``, ``~``, a filter, a method, a slice) or reads (a
  method, a filter, a comparison, ``in``) costs its size / :data:`SIZE_UNIT`;
* no single value it builds may hold more than :data:`MAX_SIZE` characters or items
  (nested lists and their texts weighed, :func:`~.sandbox_sizes.weight`, lists in lists
  :data:`~.sandbox_sizes.MAX_NESTING` deep), ``range()`` no more than :data:`MAX_RANGE`
  numbers, and ``**`` or ``*`` on integers no more than :data:`MAX_BITS` bits;
* macros (and recursive loops), and templates including or extending each other, nest at
  most :data:`MAX_DEPTH` deep; a template too nested for Python to compile is refused;
* the output of one template is at most :data:`MAX_OUTPUT` characters, counted as each
  template writes, so that the one writing too much is named;
* whatever the count says, the templates of one report stop after :data:`MAX_SECONDS`.

Past a bound, :class:`TemplateLimit` is raised where the template is, so the diagnostic
(CMQ-V133) names its file and line. The built-in report uses a small fraction of each bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache, update_wrapper
from typing import Any

from cmqreport.render.sandbox_sizes import (
    FILTER_CHECKS,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_SIZE,
    SEQUENCES,
    TemplateLimit,
    bounded_range,
    check_method,
    check_output,
    check_power,
    check_product,
    check_size,
    check_widths,
    grouped,
    output_limit,
    weight,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_SECONDS",
    "MAX_SIZE",
    "MAX_WORK",
    "TemplateLimit",
    "bounded_environment",
]

#: Units of work of all templates of one report (the built-in report of examples/bfc
#: takes under a thousand): about a second of loops, or of macro calls.
MAX_WORK = 1_000_000
#: Units of work of one call (a macro call takes about twenty times a loop turn).
CALL_COST = 20
#: One unit of work per this many characters or items built.
SIZE_UNIT = 64
#: Nesting of macro calls, ``caller()`` and recursive loops, and of included templates
#: (the built-in report: 4).
MAX_DEPTH = 50
#: Seconds the templates of one report may run, a guard beside the count of work: a slow
#: operation the count misses still ends in seconds. A report allowed to write more (see
#: :func:`~.sandbox_sizes.output_budget`) is given as many more seconds.
MAX_SECONDS = 5.0


def bounded_environment(filters: dict[str, Callable[..., Any]], **options: Any) -> Any:
    """A sandboxed Jinja environment whose work is bounded (see the module's docstring),
    with Jinja's filters and ``filters``."""
    env = _environment_class()(**options)
    env.cmq_work = 0
    env.cmq_depth = 0  # macro calls under way
    env.cmq_nesting = 0  # templates being written (include, extends)
    env.cmq_weights = {}  # id → (list, weight) of the lists grown by append()
    env.cmq_seconds = MAX_SECONDS * max(1.0, output_limit() / MAX_OUTPUT)
    env.cmq_deadline = time.monotonic() + env.cmq_seconds
    env.globals.pop("lipsum", None)  # random text of any length: nothing a report needs
    env.globals["range"] = bounded_range
    env.filters.update(filters)
    env.filters.update({name: _bounded_filter(env, f) for name, f in env.filters.items()})
    for name, check in FILTER_CHECKS.items():
        env.filters[name] = _checked(env.filters[name], check)
    env.tests.update({name: _read_test(env, t) for name, t in env.tests.items()})
    env.filters["cmq_turns"] = _turns_filter(env)
    env.filters["cmq_concat"] = _concat_filter(env)
    env.filters["cmq_read"] = _pass_context(lambda _ctx, value: _read(env, value))
    env.filters["cmq_built"] = _pass_context(lambda _ctx, value: _charge(env, value))
    return env


@cache
def _environment_class() -> type:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedTemplate(Template):
        @classmethod
        def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Any:
            template = super()._from_namespace(environment, namespace, globals)
            template.root_render_func = _counted(template, template.root_render_func)
            return template

    namespace = {
        "template_class": BoundedTemplate,
        "intercepted_binops": frozenset({"*", "**", "+", "%"}),
        "call_binop": _call_binop,
        "call": _call,
        "wrap_str_format": _wrap_str_format,
        "getitem": _getitem,
        "compile": _compile,
        "_parse": _parse,
    }
    return type("BoundedEnvironment", (SandboxedEnvironment,), namespace)


# --------------------------------------------------------------------------- the budget


def spend(env: Any, units: int) -> None:
    """Count ``units`` of work; past :data:`MAX_WORK`, stop the template."""
    env.cmq_work += units
    if env.cmq_work > MAX_WORK:
        raise TemplateLimit(
            f"le gabarit travaille trop (plus de {grouped(MAX_WORK)} tours de boucle, appels ou "
            "blocs de 64 caractères lus ou construits) : réduisez les boucles imbriquées"
        )
    if time.monotonic() > env.cmq_deadline:
        raise TemplateLimit(
            f"les gabarits du rapport tournent depuis plus de {env.cmq_seconds:.0f} secondes : "
            "réduisez les boucles ou la taille des valeurs construites"
        )


def _read(env: Any, value: Any) -> Any:
    """Count a value a template reads whole (compares, searches): its size / SIZE_UNIT."""
    if isinstance(value, str | list | tuple | bytes | dict | set | range):
        spend(env, len(value) // SIZE_UNIT)
    return value


def _charge(env: Any, value: Any) -> Any:
    """Count the size of a value a template built; too big a value stops the template."""
    if isinstance(value, str | list | tuple | bytes | dict | set):
        size = weight(value)
        check_size(size)
        spend(env, size // SIZE_UNIT)
    return value


# --------------------------------------------------------------------------- operators


def _call_binop(env: Any, context: Any, operator: str, left: Any, right: Any) -> Any:
    """``*``, ``**``, ``+`` and ``%`` with the size of their result checked first."""
    if operator == "*":
        check_product(left, right)
    elif operator == "**":
        check_power(left, right)
    elif operator == "+" and isinstance(left, SEQUENCES) and isinstance(right, SEQUENCES):
        check_size(weight(left) + weight(right))
    elif operator == "%" and isinstance(left, str):
        check_widths(left)
    return _charge(env, env.binop_table[operator](left, right))


def _wrap_str_format(env: Any, value: Any) -> Any:
    """``str.format`` from a template: Jinja's sandboxed one, its widths checked first."""
    from jinja2.sandbox import SandboxedEnvironment

    wrapped = SandboxedEnvironment.wrap_str_format(env, value)
    if wrapped is None:
        return None
    fmt = str(value.__self__)

    def checked(*args: Any, **kwargs: Any) -> str:
        check_widths(fmt)
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
    _read(env, owner)  # "x".count(), l.index(): a method reads its owner
    # inside loops and blocks Jinja adds _loop_vars/_block_vars, which context.call drops
    if isinstance(owner, str | list) and not set(kwargs) - {"_loop_vars", "_block_vars"}:
        args = check_method(owner, getattr(obj, "__name__", ""), args)
    if env.cmq_depth >= MAX_DEPTH:
        raise TemplateLimit(
            f"des macros s'appellent à plus de {MAX_DEPTH} niveaux : une macro (ou une "
            "boucle récursive) s'appelle elle-même sans fin"
        )
    env.cmq_depth += 1
    try:
        result = _charge(env, context.call(obj, *args, **kwargs))
    finally:
        env.cmq_depth -= 1
    if isinstance(owner, list | dict | set) and getattr(obj, "__name__", "") in _MUTATORS:
        _grown(env, owner, getattr(obj, "__name__", ""), args)
    return result


#: The methods that change a list, a dict or a set in place.
_MUTATORS = frozenset({"append", "extend", "insert", "update", "setdefault", "add"})


def _grown(env: Any, owner: Any, name: str, args: tuple[Any, ...]) -> None:
    """Weigh a list (dict, set) a method made bigger: ``l.append(s)`` in a loop grows it.

    One more item adds its weight to the list's last weight, so that a loop of appends
    costs its items, not the list's size at each turn.
    """
    last = env.cmq_weights.get(id(owner))
    if name in ("append", "add", "insert") and args and last is not None and last[0] is owner:
        size = last[1] + 1 + weight(args[-1])
    else:
        size = weight(owner)
    check_size(size)
    env.cmq_weights[id(owner)] = (owner, size)


def _getitem(env: Any, obj: Any, argument: Any) -> Any:
    """``x[i]`` as Jinja's sandbox does it; a slice is a value built, and counted."""
    from jinja2.sandbox import SandboxedEnvironment

    item = SandboxedEnvironment.getitem(env, obj, argument)
    return _charge(env, item) if isinstance(argument, slice) else item


# --------------------------------------------------------------------------- filters


def _bounded_filter(env: Any, func: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin filter whose result is charged by its size."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in args:
            _read(env, arg)
        return _charge(env, func(*args, **kwargs))

    return update_wrapper(bounded, func)  # keeps pass_context & co (jinja_pass_arg)


def _read_test(env: Any, func: Callable[..., Any]) -> Callable[..., Any]:
    """A test (``is in``, ``is eq``) that counts the values it reads."""

    def read(*args: Any, **kwargs: Any) -> Any:
        for arg in args:
            _read(env, arg)
        return func(*args, **kwargs)

    return update_wrapper(read, func)


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
    check_size(size)
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

        def visit_Compare(self, node: Any) -> Any:
            # ==, <, in… read both sides whole: the size of each is counted
            self.generic_visit(node)
            node.expr = _read_node(node.expr)
            for operand in node.ops:
                operand.expr = _read_node(operand.expr)
            return node

        def visit_List(self, node: Any) -> Any:
            return self._built(node)

        def visit_Tuple(self, node: Any) -> Any:
            return self._built(node) if node.ctx == "load" else self.generic_visit(node)

        def visit_Dict(self, node: Any) -> Any:
            return self._built(node)

        def _built(self, node: Any) -> Any:
            # [s, s, s] nests without a product: a literal is weighed like any value built
            self.generic_visit(node)
            return nodes.Filter(node, "cmq_built", [], [], None, None, lineno=node.lineno)

        def visit_Concat(self, node: Any) -> Any:
            self.generic_visit(node)
            items = nodes.List(node.nodes, lineno=node.lineno)
            return nodes.Filter(items, "cmq_concat", [], [], None, None, lineno=node.lineno)

    tree = Bound().visit(Environment._parse(env, source, name, filename))
    tree.set_environment(env)
    return tree


def _compile(env: Any, source: Any, name: Any = None, filename: Any = None, *args: Any) -> Any:
    """Jinja's compile; a template too nested for Python is a :class:`TemplateLimit` at its
    file and busiest line, not Python's RecursionError or SyntaxError."""
    from jinja2 import Environment

    from cmqreport.validate.templates import TOO_NESTED, busiest_line

    try:
        return Environment.compile(env, source, name, filename, *args)
    except (RecursionError, MemoryError, SyntaxError):
        error = TemplateLimit(TOO_NESTED)
        error.filename = filename
        error.lineno = busiest_line(source) if isinstance(source, str) else None
        raise error from None


def _read_node(node: Any) -> Any:
    from jinja2 import nodes

    return nodes.Filter(node, "cmq_read", [], [], None, None, lineno=node.lineno)


def _counted(template: Any, render: Callable[[Any], Iterator[str]]) -> Callable[..., Any]:
    """A template's render function whose output is counted as it is written.

    An included template writes through the one that includes it, so the outermost count
    passes the bound first: the error names the template that wrote the last part (the
    innermost), at the line it has reached. Its frame is suspended, so Python's traceback
    does not show it.
    """
    env = template.environment

    def counted(context: Any) -> Iterator[str]:
        if env.cmq_nesting >= MAX_DEPTH:
            raise TemplateLimit(
                f"des gabarits s'incluent à plus de {MAX_DEPTH} niveaux : le gabarit "
                "s'inclut lui-même (include ou extends) sans fin"
            )
        env.cmq_nesting += 1
        try:
            yield from _count(template, render(context))
        finally:
            env.cmq_nesting -= 1

    return counted


def _count(template: Any, parts: Iterator[str]) -> Iterator[str]:
    env = template.environment
    size = 0
    while True:
        env.cmq_origin = None  # set by the innermost template that writes the part
        part = next(parts, None)
        if part is None:
            return
        if env.cmq_origin is None:
            env.cmq_origin = (template, parts)
        size += len(part)
        try:
            check_output(size)
        except TemplateLimit as error:
            error.filename, error.lineno = _place(*env.cmq_origin)
            raise
        yield part


def _place(template: Any, parts: Any) -> tuple[str | None, int | None]:
    """The file of ``template`` and the line its suspended generator ``parts`` stands at."""
    frame = getattr(parts, "gi_frame", None)
    if frame is None:
        return template.filename, None
    return template.filename, template.get_corresponding_lineno(frame.f_lineno)
