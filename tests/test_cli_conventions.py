"""The conventions every command keeps: French help and usage errors, ``-q``/``-v``.

Table-driven over every command of the application: ``-h`` shows « Utilisation : » and the
French metavariables, a bad option is one French line and exit 2, ``--project FILE`` too,
``-q`` silences what a command says of itself and ``-v`` adds the detail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, ROOT, build_tree, run_cli

#: Click's and Typer's English, which no text of the command line may show.
ENGLISH = (
    "Usage:",
    "Error",
    "Try '",
    "Missing",
    "No such",
    "Invalid value",
    "Got unexpected",
    "is a file",
    "Show this message",
    "[default",
    "required]",
    "Commands",
    "Options:\n  --help",
)
#: Typer's own metavariables (``{year}``, ``<str>``, ``<path>``), not ours.
TYPER_METAVARS = ("{", "<str>", "<path>", "<dir>", "<bool>", "TEXT", "PATH")
#: The metavariables of the command line: French nouns, capitals.
METAVARS = {
    "ANNÉE",
    "CAMPUS",
    "CLASSEUR",
    "CODE",
    "DOCX",
    "DOSSIER",
    "FICHIER",
    "FORMAT",
    "FORMATS",
    "MOTEUR",
    "RÉGION",
    "TYPE",
}

#: Each command, the arguments it needs before ``--project`` is looked at (None: it has
#: no ``--project``).
COMMANDS: dict[str, tuple[str, ...] | None] = {
    "validate": (),
    "build": ("2021",),
    "diff-perspectives": ("2021",),
    "export-xlsx": ("AGT", "2021"),
    "import-xlsx": None,
    "schema": None,
    "explain": None,
    "init": None,
    "new-year": ("2022",),
    "status": ("2021",),
    "review": ("rapport.docx",),
    "watch": ("2021",),
}


def _group() -> Any:
    from typer.main import get_command

    from cmqreport.cli.app import app

    return get_command(app)


def _one_french_line(run: Any) -> str:
    """The run failed as a usage error: exit 2, nothing on stdout, one French line."""
    assert run.code == 2, (run.code, run.stdout, run.stderr)
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cmqreport: "), run.stderr
    assert not [w for w in ENGLISH if w in run.stderr], run.stderr
    return str(lines[0])


def test_the_table_names_every_command() -> None:
    group = _group()
    assert set(group.commands) == set(COMMANDS)
    from cmqreport.cli.conventions import FrenchCommand, FrenchGroup

    assert isinstance(group, FrenchGroup)
    assert all(isinstance(c, FrenchCommand) for c in group.commands.values())


def test_the_program_help_is_french() -> None:
    run = run_cli("-h")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("Utilisation : cmqreport [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Commandes:" in run.stdout and "Affiche cette aide et quitte." in run.stdout
    assert not [w for w in ENGLISH if w in run.stdout], run.stdout
    # the first line of each command's help fits on its line (cut by « ... »)
    rows = run.stdout.split("Commandes:\n")[1].splitlines()
    assert len(rows) == len(COMMANDS) and all(len(r) <= 80 for r in rows), rows
    # without a command, the same help (Click's convention: on stderr, exit 2)
    bare = run_cli()
    assert bare.code == 2 and bare.stderr.startswith("Utilisation : cmqreport [OPTIONS]")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_is_french_with_french_metavariables(name: str) -> None:
    run = run_cli(name, "-h")
    assert run.code == 0, run.stderr
    out = run.stdout
    assert out.startswith(f"Utilisation : cmqreport {name} [OPTIONS]"), out
    assert "-h, --help" in out and "Affiche cette aide et quitte." in out
    assert "-q, --quiet" in out and "-v, --verbose" in out
    assert not [w for w in (*ENGLISH, *TYPER_METAVARS) if w in out], out
    command = _group().commands[name]
    for param in command.params:
        takes_value = param.param_type_name == "argument" or not param.is_flag
        if takes_value:
            assert param.metavar in METAVARS, (name, param.name, param.metavar)
            assert param.metavar in out, (name, param.metavar)
        if param.param_type_name == "argument":
            shown = param.metavar if param.required else f"[{param.metavar}]"
            assert shown in out.splitlines()[0], (name, shown)


def test_defaults_and_required_are_said_in_french() -> None:
    out = run_cli("build", "-h").stdout
    assert "[obligatoire]" in out  # ANNÉE
    # « défaut » and its « : » never on two lines (a no-break space between them)
    assert "[défaut\u00a0:" in out and "défaut\n" not in out
    status = re.sub(r"[ \n]+", " ", run_cli("status", "-h").stdout)
    assert "[défaut\u00a0: table]" in status  # an enumeration shows its value


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_unknown_option_is_one_french_line(name: str) -> None:
    line = _one_french_line(run_cli(name, "--nope"))
    assert line == f"cmqreport: option inconnue : --nope. Aide : cmqreport {name} -h", line


@pytest.mark.parametrize("name", sorted(n for n, a in COMMANDS.items() if a is not None))
def test_project_naming_a_file_is_one_french_line(name: str, tmp_path: Path) -> None:
    args = COMMANDS[name] or ()
    afile = tmp_path / "cmqreport.yaml"
    afile.write_text("region: X\n", encoding="utf-8")
    line = _one_french_line(run_cli(name, *args, "--project", str(afile), cwd=tmp_path))
    assert line == (
        f"cmqreport: --project : « {afile} » est un fichier ; un dossier est attendu."
    ), line


USAGE_ERRORS = [
    (("build",), "argument manquant : ANNÉE. Aide : cmqreport build -h"),
    (("export-xlsx",), "argument manquant : CODE. Aide : cmqreport export-xlsx -h"),
    (
        ("buidl", "2021"),
        "commande inconnue : « buidl ». Vouliez-vous dire « build » ? Aide : cmqreport -h",
    ),
    (("build", "2021", "2022"), "argument en trop : « 2022 ». Aide : cmqreport build -h"),
    (
        ("validate", "-f", "xml"),
        "valeur invalide pour --format : « xml » ; choisir parmi text, json ou github. "
        "Aide : cmqreport validate -h",
    ),
    (
        ("build", "2021", "--pdf-engine", "pdflatex"),
        "valeur invalide pour --pdf-engine : « pdflatex » ; choisir parmi typst, xelatex ou "
        "lualatex. "
        "Aide : cmqreport build -h",
    ),
    (
        ("build", "2021", "--to"),
        "l'option --to attend une valeur (FORMATS). Aide : cmqreport build -h",
    ),
    (
        ("validate", "--strict=oui"),
        "l'option --strict ne prend pas de valeur. Aide : cmqreport validate -h",
    ),
    (
        ("validate", "--projet", "."),
        "option inconnue : --projet. Vouliez-vous dire « --project » ? "
        "Aide : cmqreport validate -h",
    ),
    (("validate", "-q", "-v"), "-q et -v s'excluent : choisissez l'un des deux."),
    (  # what was typed is shown escaped, on the one line
        ("build", "2021", "x\n\x1b[2J"),
        "argument en trop : « x\\nU+001B[2J ». Aide : cmqreport build -h",
    ),
    (("--nope\nx",), "option inconnue : --nope\\nx. Aide : cmqreport -h"),
    (("schema", "--out", "pyproject.toml"), None),
    (("review", "r.docx", "--yes"), "--yes va avec --apply : cmqreport review DOCX --apply --yes."),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=lambda v: " ".join(v or ""))
def test_usage_errors_are_one_french_line(args: tuple[str, ...], message: str | None) -> None:
    line = _one_french_line(run_cli(*args, cwd=ROOT))
    if message is None:  # the folder options of other commands: the same sentence
        message = "--out : « pyproject.toml » est un fichier ; un dossier est attendu."
    assert line == f"cmqreport: {message}", line


def test_the_installed_program_says_the_same() -> None:
    """Outside the tests' runner, through the entry point users run."""
    run = run_cli("build", "2021", "--nope", real=True)
    assert _one_french_line(run) == "cmqreport: option inconnue : --nope. Aide : cmqreport build -h"
    assert run_cli("status", "-h", real=True).stdout.startswith("Utilisation : cmqreport status")


def test_the_shell_completes_commands_and_options() -> None:
    """What bash asks the installed program when the user presses Tab."""

    def complete(words: str) -> list[str]:
        env = {
            "_CMQREPORT_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        run = run_cli(env=env, real=True)
        assert run.code == 0, run.stderr
        return run.stdout.split()

    assert complete("cmqreport new") == ["new-year"]
    assert "--to" in complete("cmqreport build --t")
    script = run_cli("--show-completion", "bash", real=True)
    assert script.code == 0 and "_CMQREPORT_COMPLETE=complete_bash" in script.stdout, (
        script.code,
        script.stdout,
        script.stderr,
    )
    help_text = run_cli("-h").stdout
    assert "Installe la complétion" in help_text and "Install completion" not in help_text


def test_quiet_silences_the_summary_and_keeps_the_errors(tmp_path: Path) -> None:
    loud = run_cli("validate", "-p", str(EXAMPLE))
    assert loud.code == 0 and "7 avertissements (22 fichiers lus)." in loud.stdout
    quiet = run_cli("validate", "-q", "-p", str(EXAMPLE))
    assert (quiet.code, quiet.stdout, quiet.stderr) == (0, "", "")
    # under --strict the warnings fail, so -q shows them, still without the count
    strict = run_cli("validate", "-q", "--strict", "-p", str(EXAMPLE))
    assert strict.code == 1 and strict.stdout.count("CMQ-V095") == 7
    assert "avertissements (" not in strict.stdout
    project = build_tree(tmp_path / "p", {"glossary.yaml": "- [\n"}, copy_of=EXAMPLE)
    broken = run_cli("validate", "--quiet", "-p", str(project))
    assert broken.code == 1 and "glossary.yaml:" in broken.stdout
    assert "CMQ-V095" not in broken.stdout and "erreur" not in broken.stdout.splitlines()[-1]


def test_quiet_commands_that_write_say_nothing(tmp_path: Path) -> None:
    run = run_cli("init", str(tmp_path / "reseau"), "-c", "AAA", "--year", "2024", "-q")
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    assert (tmp_path / "reseau" / "cmqreport.yaml").is_file()
    run = run_cli("new-year", "2025", "-q", "-p", str(tmp_path / "reseau"))
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    out = tmp_path / "out"
    run = run_cli(
        "build", "2024", "-q", "--to", "md", "-p", str(tmp_path / "reseau"), "-o", str(out)
    )
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    assert (out / "rapport-2024.md").is_file()
    # a result asked for still prints: the status table
    status = run_cli("status", "2025", "-q", "-p", str(tmp_path / "reseau"))
    assert status.code == 0 and "AAA" in status.stdout and status.stderr == ""


def test_verbose_tells_the_files_read_and_the_steps(tmp_path: Path) -> None:
    run = run_cli("validate", "-v", "-p", str(EXAMPLE))
    assert run.code == 0
    assert "lu       cmqreport.yaml" in run.stderr and "lu       years/2021/AGT.yaml" in run.stderr
    assert run.stderr.count("lu       ") == 22 and "Vérifié en " in run.stderr
    build = run_cli("build", "2021", "-v", "--to", "md", "-p", str(EXAMPLE), "-o", str(tmp_path))
    assert build.code == 0, build.stderr
    steps = [line for line in build.stderr.splitlines() if line.rstrip().endswith("des données")]
    assert steps and steps[0].strip().startswith("0,"), build.stderr  # « 0,0 s  Validation… »
    assert "Construit en " in build.stderr and "md     " in build.stdout


#: A file error reaching the command line → the one French line it prints (never the
#: system's English « Permission denied »).
OS_ERRORS = [
    (
        PermissionError(13, "Permission denied", "years/2021/AGT.yaml"),
        "years/2021/AGT.yaml : permission refusée.",
    ),
    (
        IsADirectoryError(21, "Is a directory", "build/rapport-2021.md"),
        "build/rapport-2021.md : c'est un dossier.",
    ),
    (OSError(28, "No space left on device"), "plus de place sur le disque."),
    (OSError(30, "Read-only file system", "out"), "out : disque en lecture seule."),
]


@pytest.mark.parametrize(("error", "said"), OS_ERRORS)
def test_file_errors_are_said_in_french(
    error: OSError, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from cmqreport.cli.common import errors
    from cmqreport.cli.watch import _done
    from cmqreport.write.watch import Round

    with pytest.raises(typer.Exit) as exit_, errors():
        raise error
    assert exit_.value.exit_code == 1
    assert capsys.readouterr().err == f"cmqreport: {said}\n"
    _done(Round(("years/2021/AGT.yaml",), error=error), Path("."))
    line = capsys.readouterr().err.strip()
    assert line.endswith(f"] Échec : {said} Les sorties précédentes restent en place."), line
