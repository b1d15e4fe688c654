"""The command line's own texts in French: the usage line, the help, the usage errors.

Typer and Click write these in English, some as f-strings that gettext cannot reach (Typer
vendors Click in ``typer._click``). :class:`FrenchGroup` (the application) and
:class:`FrenchCommand` (every command) write the help themselves, « Utilisation : » and
« Arguments » / « Options » / « Commandes », and turn every usage error into one French
line on stderr, exit 2, chosen by the exception's type and parameter, never by its English
wording. The handling lives in the group's ``make_context`` and ``invoke``, which every run
goes through, the program's and the tests' in-process runner alike.

Only what Click's and Typer's parameters have long shared is read (``opts``, ``metavar``,
``help``, ``default``, ``required``, ``is_flag``), and the exception classes are those of
the Click that Typer uses, found through ``typer.BadParameter``: nothing here depends on
Typer's version. Contexts and formatters are typed ``Any`` for the same reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from cmqreport.cli.common import fail, reset_verbosity
from cmqreport.errors import UsageError

__all__ = [
    "HELP_TEXT",
    "USAGE_PREFIX",
    "FrenchCommand",
    "FrenchGroup",
    "french_commands",
    "usage_message",
]

#: Click's exceptions, from Click itself or from Typer's vendored copy.
_click = importlib.import_module(typer.BadParameter.__module__)

USAGE_PREFIX = "Utilisation : "
HELP_TEXT = "Affiche cette aide et quitte."
#: Typer's own options, whose help it writes in English.
_FRENCH_OPTION_HELP = {
    "install_completion": "Installe la complétion des commandes pour le shell utilisé.",
    "show_completion": "Affiche le script de complétion du shell utilisé, à copier ou adapter.",
}
SUBCOMMAND = "COMMANDE [ARGUMENTS]..."


# ----------------------------------------------------------------------------- usage errors


@contextmanager
def french_usage_errors() -> Iterator[None]:
    """Every usage error below becomes one French line and exit 2.

    The words typed (an option, an argument, a path) are shown escaped: a newline or an
    escape sequence in them never reaches the terminal, and the message stays one line.
    """
    from cmqreport.diagnostics.formats import printable

    try:
        yield
    except UsageError as exc:  # ours, already French and naming what is wrong
        fail(printable(str(exc)), 2)
    except _click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            raise  # the help itself, shown when a group is called without a command
        fail(printable(f"{usage_message(exc)}{_help_hint(exc.ctx)}"), 2)


def usage_message(exc: Any) -> str:
    """The French message of one of Click's usage errors, from its type and parameter."""
    ctx, param = exc.ctx, getattr(exc, "param", None)
    if isinstance(exc, _click.NoSuchOption):
        known = [o for p in _params(ctx) for o in (*p.opts, *p.secondary_opts)]
        from cmqreport.diagnostics.hints import did_you_mean

        hint = did_you_mean(exc.option_name, known)
        return f"option inconnue : {exc.option_name}." + (f" {hint}" if hint else "")
    if isinstance(exc, _click.BadOptionUsage):
        option = next((p for p in _params(ctx) if exc.option_name in p.opts), None)
        if option is not None and getattr(option, "is_flag", False):
            return f"l'option {exc.option_name} ne prend pas de valeur."
        shown = f" ({_metavar(option)})" if option is not None else ""
        return f"l'option {exc.option_name} attend une valeur{shown}."
    if isinstance(exc, _click.MissingParameter) and param is not None:
        if param.param_type_name == "argument":
            return f"argument manquant : {_metavar(param)}."
        return f"option manquante : {_name(param)}."
    if isinstance(exc, _click.BadParameter) and param is not None:
        typed = getattr(exc, "cmq_typed", None)
        shown = f" « {typed} »" if typed is not None else ""
        choices = _choices(param)
        if choices:
            return f"valeur invalide pour {_name(param)} :{shown} ; choisir parmi {_list(choices)}."
        return f"valeur invalide pour {_name(param)} :{shown} ({_metavar(param)} attendu)."
    if ctx is not None and isinstance(ctx.command, TyperGroup):
        return "commande manquante."
    return "appel incorrect."


def _typed(command: Any, ctx: Any, args: list[str], param: Any) -> str | None:
    """What was typed for ``param``, read again by the command's parser (which only splits
    the words, converting nothing); None when it cannot be told."""
    try:
        opts = command.make_parser(ctx).parse_args(args=list(args))[0]
    except _click.UsageError:  # words the parser refuses: then no value is shown
        return None
    value = opts.get(param.name)
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return None if value is None else str(value)


def _help_hint(ctx: Any) -> str:
    path = ctx.command_path if ctx is not None else "cmqreport"
    return f" Aide : {path} -h"


def _params(ctx: Any) -> list[Any]:
    return list(ctx.command.get_params(ctx)) if ctx is not None else []


def _name(param: Any) -> str:
    """``--project`` for an option (its longest name), ``ANNÉE`` for an argument."""
    if param.param_type_name == "argument" or not param.opts:
        return _metavar(param)
    return str(max(param.opts, key=len))


def _metavar(param: Any) -> str:
    return str(param.metavar or (param.name or "valeur").upper())


def _choices(param: Any) -> list[str]:
    """The allowed values of a parameter: Typer's enumeration, or Click's ``Choice``."""
    found = getattr(getattr(param, "type_descriptor", None), "choices", None)
    found = found or getattr(getattr(param, "type", None), "choices", None) or ()
    return [str(c.value if isinstance(c, Enum) else c) for c in found]


def _list(words: Sequence[str]) -> str:
    """« a, b ou c »."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} ou {words[-1]}"


# ------------------------------------------------------------------------------------ help


def _usage(command: Any, ctx: Any, formatter: Any, tail: str = "") -> None:
    """« Utilisation : cmqreport build [OPTIONS] ANNÉE », optional arguments in brackets."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _metavar(param) + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
    formatter.write_usage(ctx.command_path, " ".join([*pieces, tail]).strip(), USAGE_PREFIX)


def _record(param: Any) -> tuple[str, str]:
    """The two columns of a parameter in the help: its names and value, its help."""
    if param.param_type_name == "argument":
        term = _metavar(param)
    else:
        # short names first, as Click shows them: « -p, --project DOSSIER »
        names = sorted([*param.opts, *param.secondary_opts], key=lambda o: o.startswith("--"))
        term = ", ".join(names) + ("" if param.is_flag else f" {_metavar(param)}")
    extra = []
    default = param.default
    if param.show_default is not False and default not in (None, False, (), []):
        if isinstance(default, Enum):
            default = default.value
        elif isinstance(default, list | tuple):
            default = ", ".join(str(d) for d in default)
        extra.append(f"défaut\u00a0: {default}")  # no break before « : »
    if param.required:
        extra.append("obligatoire")
    text = _FRENCH_OPTION_HELP.get(param.name, param.help or "")
    return term, f"{text}  [{' ; '.join(extra)}]".strip() if extra else text


def _options(command: Any, ctx: Any, formatter: Any) -> None:
    """The « Arguments » and « Options » sections."""
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    for title, kind in (("Arguments", "argument"), ("Options", "option")):
        rows = [_record(p) for p in params if p.param_type_name == kind]
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def _french_help(option: Any) -> Any:
    if option is not None:
        option.help = HELP_TEXT
    return option


def french_commands(app: typer.Typer) -> None:
    """Every command of ``app`` a :class:`FrenchCommand` (unless it chose its own class;
    ``app.command()`` gives Typer's own by default)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = FrenchCommand


class FrenchCommand(TyperCommand):
    """A command whose help and usage errors are in French."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """« Utilisation : » and the arguments by their metavariables."""
        _usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The arguments and options, their defaults and what is required, in French."""
        _options(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        """``-h``/``--help``, described in French."""
        return _french_help(super().get_help_option(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Click's parsing, but the arguments left over are said in French."""
        allowed, typed = ctx.allow_extra_args, list(args)  # the parser consumes ``args``
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except _click.UsageError as exc:
            # the parser's errors know no context: give them this one (its options, its -h)
            exc.ctx = exc.ctx or ctx
            if isinstance(exc, _click.BadParameter) and exc.param is not None:
                exc.cmq_typed = _typed(self, ctx, typed, exc.param)
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            extra = " ".join(f"« {a} »" for a in rest)
            raise UsageError(f"argument en trop : {extra}.{_help_hint(ctx)}")
        return rest


class FrenchGroup(TyperGroup):
    """The application: French help, and every usage error as one French line, exit 2."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        """Read the command line, the verbosity back to the usual first."""
        if parent is None:
            reset_verbosity()
        with french_usage_errors():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; the usage errors of its arguments and its body said in French."""
        with french_usage_errors():
            return super().invoke(ctx)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[Any, Any, list[str]]:
        """The command named first; an unknown one is a French error with a suggestion."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from cmqreport.diagnostics.hints import did_you_mean

            hint = did_you_mean(name, self.list_commands(ctx))
            known = "" if hint else f" Commandes : {', '.join(self.list_commands(ctx))}."
            hint = f" {hint}" if hint else ""
            raise UsageError(f"commande inconnue : « {name} ».{known}{hint} Aide : cmqreport -h")
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """« Utilisation : cmqreport [OPTIONS] COMMANDE [ARGUMENTS]... »."""
        _usage(self, ctx, formatter, SUBCOMMAND)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The options, then « Commandes » with the first line of each command's help."""
        _options(self, ctx, formatter)
        names = self.list_commands(ctx)
        # as Click: the first line of each help, cut to what fits beside the longest name
        width = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(width)))
        if rows:
            with formatter.section("Commandes"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        """``-h``/``--help``, described in French."""
        return _french_help(super().get_help_option(ctx))
