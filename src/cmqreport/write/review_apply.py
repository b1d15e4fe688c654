"""``cmqreport review --apply``: a partner's tracked changes written back into the YAML.

A tracked change is applied when it falls inside one data field of a YAML file whose value
has not changed since the build: the paragraph's text before and after the change gives
the changed words and their context, found once in the value. The file is read by a
ruamel.yaml round trip (comments, order and quoting kept), and only the changed scalar's
text is spliced back into the original bytes, so the rest of the file stays byte for byte;
the result is read again to check that nothing else moved. Workbook sources are listed,
never rewritten. Nothing is written here but by :func:`write_patches`.
"""

from __future__ import annotations

import difflib
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmqreport.convert.docx.review import parse_path
from cmqreport.diagnostics import Diagnostic, Severity
from cmqreport.errors import DataError
from cmqreport.write.atomic import write_atomic

if TYPE_CHECKING:
    from cmqreport.convert.docx.review import Placed, Remark
    from cmqreport.load.project import Project

__all__ = ["ApplyPlan", "Patch", "apply_changes", "locate", "plan_apply", "write_patches"]

_BOM = b"\xef\xbb\xbf"
#: Characters the renderer's French typography or Word may put in place of the source's:
#: compared as the source writes them (one character for one, so positions stay).
_SAME = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "’": "'", "\n": " "})


@dataclass
class Patch:
    """One YAML file changed: its bytes before and after, and the unified diff."""

    rel: str
    target: Path
    old: bytes
    new: bytes
    diff: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ApplyPlan:
    """What ``--apply`` would write, and the changes left alone with the reason."""

    patches: list[Patch]
    skipped: list[tuple[Placed, str]]
    cells: list[Placed]
    written: bool = False


def _core(remark: Remark) -> tuple[str, str, str, str]:
    """Left context, old words, new words, right context (from the paragraph's versions)."""
    before, after = remark.before, remark.after
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return (
        before[:p],
        before[p : len(before) - s],
        after[p : len(after) - s],
        before[len(before) - s :],
    )


def _score(value: str, i: int, j: int, left: str, right: str) -> int:
    n = 0
    while n < min(i, len(left)) and value[i - 1 - n] == left[-1 - n]:
        n += 1
    m = 0
    while j + m < len(value) and m < len(right) and value[j + m] == right[m]:
        m += 1
    return n + m


def locate(value: str, remark: Remark) -> tuple[int, int, str] | None:
    """Where the change falls in ``value`` (start, end, the new words), or None when the
    changed words are not found once with the most context."""
    left, old, new, right = (x.translate(_SAME) for x in _core(remark))
    seen = value.translate(_SAME)
    if not old and not new:
        return None
    if old:
        starts = [i for i in range(len(seen)) if seen.startswith(old, i)]
    else:  # an insertion: anchored on the words around it
        anchor = left[-12:] or right[:12]
        starts = [i + (len(anchor) if left else 0) for i in range(len(seen))
                  if seen.startswith(anchor, i)]  # fmt: skip
    scored = sorted(((_score(seen, i, i + len(old), left, right), i) for i in starts), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    start = scored[0][1]
    typed = remark.new and new.replace("\u00a0", " ").replace("\u202f", " ")
    return start, start + len(old), typed or new


def _node(text: str, path: list[str | int]) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    node = YAML().compose(text)
    for part in path:
        if isinstance(node, MappingNode):
            node = next(v for k, v in node.value if k.value == part)
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            node = node.value[part]
        else:
            raise LookupError(part)
    return node


def _span(text: str, path: list[str | int]) -> tuple[int, int, str, str]:
    """The scalar at ``path``: start, end (trailing blank lines left out), its text and the
    indent of a block scalar's content."""
    node = _node(text, path)
    start, end = node.start_mark.index, node.end_mark.index
    indent = ""
    if node.style == ">" or (node.style == "|" and "+" in text[start:end].split("\n", 1)[0]):
        raise ValueError("bloc « > » ou « |+ »")
    if node.style == "|":
        # the header line, then one line per line of the value: a comment after the block
        # is no part of it
        count = len(node.value.rstrip("\n").split("\n"))
        lines = text[start:end].split("\n")[: count + 1]
        end = start + len("\n".join(lines)) + 1
        lines = [ln for ln in lines[1:] if ln.strip()]
        indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(" "))] if lines else ""
    return start, end, text[start:end], indent


def _yaml_like(text: str) -> Any:
    """A round-trip YAML whose indentation dumps ``text`` closest to how it is written, so
    that the block spliced back sits among its neighbours as they are."""
    from ruamel.yaml import YAML

    best: tuple[int, Any] = (-1, None)
    for mapping, sequence, offset in ((2, 4, 2), (2, 2, 0), (4, 4, 0), (4, 6, 2), (2, 4, 0)):
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 1 << 20  # a long line stays one line, as the source wrote it
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        buf = io.StringIO()
        yaml.dump(yaml.load(text), buf)
        same = len(set(text.split("\n")) & set(buf.getvalue().split("\n")))
        if same > best[0]:
            best = (same, yaml)
    return best[1]


def _set(text: str, path: list[str | int], value: str) -> str:
    """``text`` with the scalar at ``path`` replaced by ``value``, everything else kept."""
    from ruamel.yaml import YAML

    yaml = _yaml_like(text)
    data = yaml.load(text)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    old = holder[path[-1]]
    holder[path[-1]] = type(old)(value) if isinstance(old, str) and type(old) is not str else value
    buf = io.StringIO()
    yaml.dump(data, buf)
    start, end, _, indent = _span(text, path)
    _, _, piece, new_indent = _span(buf.getvalue(), path)
    if indent != new_indent:  # a block's content at the file's own indentation
        head, *rest = piece.split("\n")
        rest = [indent + ln[len(new_indent) :] if ln.startswith(new_indent) else ln for ln in rest]
        piece = "\n".join([head, *rest])
    out = text[:start] + piece + text[end:]
    want = YAML(typ="safe").load(text)
    spot = want
    for part in path[:-1]:
        spot = spot[part]
    spot[path[-1]] = value
    if YAML(typ="safe").load(out) != want:
        raise ValueError("le fichier relu ne donne pas la valeur voulue")
    return out


def _reason_for(p: Placed, project: Project) -> str | None:
    e = p.place
    if not e:
        return "hors des données (texte produit ou non balisé)"
    if p.stale:
        return "la valeur a changé depuis la construction du DOCX : laissée telle quelle"
    src = project.source(e.get("file") or "")
    if src is None or not e.get("path"):
        return "le fichier source n'est plus dans le projet"
    return None


def plan_apply(items: list[Placed], project: Project) -> ApplyPlan:
    """The patches the tracked changes among ``items`` make to the project's YAML files."""
    plan = ApplyPlan([], [], [])
    texts: dict[str, str] = {}
    changed: dict[str, list[str]] = {}
    done: set[tuple[str, str, str]] = set()
    for p in items:
        r = p.remark
        if r.kind == "comment":
            continue
        if p.place and p.place.get("sheet"):
            plan.cells.append(p)
            continue
        reason = _reason_for(p, project)
        if reason is not None:
            plan.skipped.append((p, reason))
            continue
        assert p.place is not None
        rel, dotted = p.place["file"], p.place["path"]
        if (r.key or "", r.before, r.after) in done:  # one paragraph's changes, applied once
            continue
        reason = _apply_one(project, texts, rel, parse_path(dotted), r)
        if reason is not None:
            plan.skipped.append((p, reason))
            continue
        done.add((r.key or "", r.before, r.after))
        changed.setdefault(rel, []).append(dotted)
    for rel, fields in changed.items():
        target = project.root / rel
        old = target.read_bytes()
        new = _encoded(texts[rel], old)
        if new != old:
            plan.patches.append(Patch(rel, target, old, new, _diff(rel, old, new), fields))
    return plan


def _apply_one(
    project: Project, texts: dict[str, str], rel: str, path: list[str | int], r: Remark
) -> str | None:
    """Apply ``r`` to the text of ``rel`` in ``texts``; the reason when it cannot be."""
    from ruamel.yaml import YAML

    if rel not in texts:
        texts[rel] = (project.root / rel).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    data = YAML(typ="safe").load(texts[rel])
    value: Any = data
    for part in path:
        value = value[part]
    if isinstance(value, dict | list):
        # a sentence the report composes from this entry (chapter 1 from a history)
        return "texte composé par le rapport à partir de cette entrée : à reporter à la main"
    if not isinstance(value, str):
        return "le champ n'est pas un texte"
    found = locate(value, r)
    if found is None:
        return "le passage modifié n'a pas été retrouvé une seule fois dans la valeur"
    start, end, new = found
    try:
        texts[rel] = _set(texts[rel], path, value[:start] + new + value[end:])
    except (ValueError, LookupError) as exc:
        return f"écriture impossible sans toucher au reste du fichier ({exc})"
    return None


def _encoded(text: str, old: bytes) -> bytes:
    """``text`` with the original file's BOM and line ends."""
    if b"\r\n" in old:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return _BOM + data if old.startswith(_BOM) else data


def _diff(rel: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8-sig").splitlines(keepends=True)
    b = new.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}"))


def write_patches(plan: ApplyPlan) -> None:
    """Write every patched file, each atomically."""
    for patch in plan.patches:
        write_atomic(patch.target, patch.new)


def apply_changes(
    items: list[Placed], project: Project, yes: bool, check: Callable[[Path], list[Diagnostic]]
) -> ApplyPlan:
    """The plan of ``items``' tracked changes; with ``yes``, written once ``check`` (the
    project's validation) finds no error in a copy of the project holding them.

    Raises :class:`DataError` (with the errors) when the changed project does not validate:
    then nothing is written.
    """
    plan = plan_apply(items, project)
    if not yes or not plan.patches:
        return plan
    with tempfile.TemporaryDirectory(prefix="cmqreport-review-") as tmp:
        copy = Path(tmp) / project.root.name
        shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("build", ".git"))
        for patch in plan.patches:
            (copy / patch.rel).write_bytes(patch.new)
        errors = [d for d in check(copy) if d.level == Severity.error]
    if errors:
        raise DataError(
            "Les modifications suivies rendraient le projet invalide : rien n'a été écrit.", errors
        )
    write_patches(plan)
    plan.written = True
    return plan
