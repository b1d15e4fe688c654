"""``cmqreport review``: a DOCX built from examples/bfc, commented and changed as a partner
would (python-docx's comment API, a tracked replacement with lxml), re-saved by
LibreOffice, then read back: every remark at its data file and line."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cmqreport.api import build
from cmqreport.convert.docx.review import parse_path
from cmqreport.render.sources import MARKERS, strip_markers
from helpers import libreoffice_problem, require, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bfc"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _sources(docx: Path) -> dict[str, dict[str, Any]]:
    import zipfile

    from cmqreport.convert.docx.sources import read_map

    with zipfile.ZipFile(docx) as z:
        found = read_map({n: z.read(n) for n in z.namelist() if n.startswith("customXml/")})
    assert found is not None
    return found


def _paragraph(doc: Any, key: str) -> Any:
    """The python-docx paragraph holding the start of bookmark ``_Src_key``."""
    from docx.text.paragraph import Paragraph

    for p in doc.element.body.iter(W + "p"):
        names = [b.get(W + "name") for b in p.iter(W + "bookmarkStart")]
        if "_Src_" + key in names:
            return Paragraph(p, doc)
    raise AssertionError(key)


def _bookmarked_runs(paragraph: Any, key: str) -> Any:
    """The runs of ``paragraph`` inside bookmark ``_Src_key`` (python-docx Run objects)."""
    from docx.text.run import Run

    inside, runs = False, []
    for el in paragraph._p:
        if el.tag == W + "bookmarkStart" and el.get(W + "name") == "_Src_" + key:
            inside, ident = True, el.get(W + "id")
        elif el.tag == W + "bookmarkEnd" and inside and el.get(W + "id") == ident:
            break
        elif el.tag == W + "r" and inside:
            runs.append(Run(el, paragraph))
    assert runs, key
    return runs if len(runs) > 1 else runs[0]


def _first_bookmarks(doc: Any, start: str) -> list[str]:
    """The bookmarks of the one paragraph whose text starts with ``start``."""
    (p,) = [
        p
        for p in doc.element.body.iter(W + "p")
        if "".join(t.text or "" for t in p.iter(W + "t")).startswith(start)
    ]
    return [b.get(W + "name") for b in p.iter(W + "bookmarkStart")]


def _pick(sources: dict[str, dict[str, Any]], file: str, path_end: str) -> str:
    return next(k for k, e in sources.items() if e["file"] == file and e["path"].endswith(path_end))


def _replace(run: Any, old: str, new: str) -> None:
    """Turn ``old`` inside ``run`` into a tracked replacement by ``new`` (w:del + w:ins)."""
    t = run._r.find(W + "t")
    before, after = t.text.split(old, 1)
    stamp = {W + "id": "9001", W + "author": "Région", W + "date": "2022-03-01T10:00:00Z"}

    def piece(text: str, tag: str = "t") -> Any:
        r = copy.deepcopy(run._r)
        for el in r.findall(W + "t"):
            r.remove(el)
        el = r.makeelement(W + tag, {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        el.text = text
        r.append(el)
        return r

    deleted = run._r.makeelement(W + "del", stamp)
    deleted.append(piece(old, "delText"))
    inserted = run._r.makeelement(W + "ins", {**stamp, W + "id": "9002"})
    inserted.append(piece(new))
    run._r.addnext(piece(after))
    run._r.addnext(inserted)
    run._r.addnext(deleted)
    t.text = before
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _line_of(project: Path, rel: str, start: str, after: str = "") -> int:
    """The line (from 1) of ``rel`` that starts, once stripped, with ``start`` (the first
    one after the line holding ``after``): the place read from the file itself."""
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    begin = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i in range(begin, len(lines)) if lines[i].strip().startswith(start)) + 1


#: What the partner comments on, found in the map by file and data path: the texts the
#: issue names (an action, a cell of table 3.1, a sentence chapter 1 makes from a campus
#: history, an acronym spelled out) and the other generated texts (the acronym list, a
#: line of 4.1, a figure's caption).
TARGETS = {
    "action": ("years/2021/AGT.yaml", "].text"),
    "cell": ("years/2021/TI.yaml", "tables[0].rows[2][0]"),
    "chapter": ("campuses/AMF.yaml", "governance[1]"),
    "acronym": ("acronyms.yaml", "acronyms.BFC"),
    "list": ("acronyms.yaml", "acronyms.DRAAF"),
    "review": ("years/2021/network.yaml", "followup[1].comment"),
    "caption": ("years/2021/AGT.yaml", "figures[0].caption"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example built to DOCX (without LibreOffice's page numbers), and its map."""
    tmp = tmp_path_factory.mktemp("review")
    project = tmp / "bfc"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    os.environ["CMQREPORT_DOCX_LAYOUT"] = "0"
    try:
        build(project, 2021, ["docx"], tmp / "out")
    finally:
        del os.environ["CMQREPORT_DOCX_LAYOUT"]
    docx = tmp / "out" / "rapport-2021.docx"
    return {"tmp": tmp, "project": project, "docx": docx, "sources": _sources(docx)}


@pytest.fixture(scope="module")
def reviewed(built: dict[str, Any]) -> dict[str, Any]:
    """The example built, commented, changed and re-saved by LibreOffice."""
    import docx

    soffice, problem = libreoffice_problem()
    require(problem, "LibreOffice")
    assert soffice is not None
    tmp, sources = built["tmp"], built["sources"]
    keys = {what: _pick(sources, *target) for what, target in TARGETS.items()}
    # the acronym list comes after the text: its entry is the last marker of DRAAF
    keys["list"] = [k for k, e in sources.items() if e["path"] == "acronyms.DRAAF"][-1]
    assert keys["list"] != _pick(sources, *TARGETS["list"])
    keys["body"] = _pick(sources, "years/2021/AMF.yaml", "].body")
    doc = docx.Document(str(built["docx"]))
    for what in TARGETS:
        # the comment covers the bookmark's runs alone, as a partner selects the words
        runs = _bookmarked_runs(_paragraph(doc, keys[what]), keys[what])
        doc.add_comment(runs, text=f"À vérifier ({what})", author="Rectorat")
    # the whole item selected, from « Pour le CMQ » that the template writes: its words end
    # in the sentence, which gives the place
    item = [r for r in _paragraph(doc, keys["chapter"]).runs if r.text.strip()]
    assert item[0].text.startswith("Pour le")
    doc.add_comment(item, text="À vérifier (item)", author="Rectorat")
    body = _paragraph(doc, keys["body"])
    run = next(r for r in body.runs if " le " in r.text)
    _replace(run, " le ", " ce ")
    commented = tmp / "commented" / "rapport-2021.docx"
    commented.parent.mkdir()
    doc.save(str(commented))
    resaved = tmp / "resaved"
    profile = tmp / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "docx", "--outdir", str(resaved), str(commented)],
        capture_output=True, timeout=600, check=True,
    )  # fmt: skip
    return {"docx": resaved / "rapport-2021.docx", "project": built["project"], "keys": keys,
            "sources": sources}  # fmt: skip


def test_markers_leave_the_published_markdown_unchanged() -> None:
    text = "Un []{.cmqsrc-1a}texte[]{.cmqend-1a} suivi."
    assert MARKERS.findall(text) == ["[]{.cmqsrc-1a}", "[]{.cmqend-1a}"]
    assert strip_markers(text) == "Un texte suivi."


def test_markers_are_stripped_as_their_pattern_says() -> None:
    """The build cuts markers out without the pattern: the same text, whatever surrounds
    them (the space after a « ] » goes with an end marker, a look-alike stays)."""
    import random

    rng = random.Random(15)
    atoms = ["[]{.cmqsrc-a1}", "[]{.cmqend-a1}", "[]{.cmq", "[]{.cmqend-}", "]", " ", "x"]
    atoms += ["}", "[]{.cmqsrc-Z}", "end-", "src-b}", "\n"]
    for _ in range(20000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 10)))
        assert strip_markers(text) == MARKERS.sub("", text), text
    assert strip_markers("[voir] []{.cmqend-2b} et [] []{.cmqend-2c}") == "[voir] et []"


def test_parse_path() -> None:
    assert parse_path("tables[0].rows[1][2]") == ["tables", 0, "rows", 1, 2]


def _said(text: str) -> str:
    """Text as the data writes it: the build's no-break spaces are spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_review_places_every_remark_after_libreoffice(reviewed: dict[str, Any]) -> None:
    proc = run_cli("review", str(reviewed["docx"]), "--project", str(reviewed["project"]),
                   "--format", "json")  # fmt: skip
    assert proc.code == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] == 1
    items = doc["items"]
    project, sources = reviewed["project"], reviewed["sources"]
    comments = {i["text"]: i for i in items if i["kind"] == "comment"}
    assert len(comments) == len(TARGETS) + 1
    whole = comments.pop("À vérifier (item)")
    assert whole["place"] == sources[reviewed["keys"]["chapter"]]
    assert _said(whole["covered"]).startswith("Pour le CMQ Automobile et Mobilités du Futur")
    for what in TARGETS:
        item = comments[f"À vérifier ({what})"]
        want = sources[reviewed["keys"][what]]
        assert item["place"] == want, what
        assert item["author"] == "Rectorat"
        assert item["stale"] is False, what
        if what != "chapter":  # data text: its first words are on the line given
            line = (project / want["file"]).read_text(encoding="utf-8").splitlines()
            assert _said(item["covered"])[:15] in line[want["line"] - 1], what
    covered = {what: comments[f"À vérifier ({what})"]["covered"] for what in TARGETS}
    # table 3.1's cell « Idéathon SMART CITY »: its row of years/2021/TI.yaml
    assert covered["cell"] == "Idéathon SMART CITY"
    ti = "years/2021/TI.yaml"
    assert sources[reviewed["keys"]["cell"]]["line"] == _line_of(project, ti, "- [Idéathon")
    # chapter 1's sentence is made from AMF's history: the entry of the new holder
    assert _said(covered["chapter"]).startswith("Mme Ludivine Simonin Oishi a remplacé M. Hervé")
    amf = "campuses/AMF.yaml"
    chapter = sources[reviewed["keys"]["chapter"]]
    assert chapter["line"] == _line_of(project, amf, "- role: DO", after="Hervé")
    assert covered["acronym"] == "Bourgogne Franche-Comté"
    assert _said(covered["list"]).startswith("Direction Régionale de l’Alimentation")
    assert sources[reviewed["keys"]["list"]]["line"] == _line_of(project, "acronyms.yaml", "DRAAF:")
    assert _said(covered["review"]).startswith("Les discussions autour de la filière nucléaire")
    assert covered["caption"] == "Concept de la Voie des Talents"
    (change,) = [i for i in items if i["kind"] != "comment"]
    assert change["kind"] == "replacement"
    assert (change["old"], change["new"]) == (" le ", " ce ")
    assert change["place"]["file"] == "years/2021/AMF.yaml"
    assert change["place"]["path"].endswith(".body")
    lines = [(i["place"]["file"], i["place"]["line"]) for i in items if i["place"]]
    assert lines == sorted(lines)


def test_review_says_stale_values(reviewed: dict[str, Any], tmp_path: Path) -> None:
    project = tmp_path / "bfc"
    shutil.copytree(reviewed["project"], project)
    src = reviewed["sources"][reviewed["keys"]["chapter"]]
    path = project / src["file"]
    text = path.read_text(encoding="utf-8")
    assert "organisation: UTBM\n" in text
    path.write_text(text.replace("organisation: UTBM\n", "organisation: UTBM Belfort\n"), "utf-8")
    proc = run_cli("review", str(reviewed["docx"]), "-p", str(project), "-f", "json")
    items = json.loads(proc.stdout)["items"]
    chapter = next(i for i in items if i.get("text") == "À vérifier (chapter)")
    assert chapter["stale"] is True
    cell = next(i for i in items if i.get("text") == "À vérifier (cell)")
    assert cell["stale"] is False  # another file: not changed
    table = run_cli("review", str(reviewed["docx"]), "-p", str(project))
    assert "modifiée depuis la construction" in table.stdout


def test_a_docx_cmqreport_did_not_build_is_refused(tmp_path: Path) -> None:
    import docx

    plain = tmp_path / "autre.docx"
    docx.Document().save(str(plain))
    proc = run_cli("review", str(plain))
    assert proc.code == 1
    assert "autre.docx ne contient pas la carte des sources" in proc.stderr
    assert "pas été produit par « cmqreport build »" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_docx_that_lost_its_map_is_refused(built: dict[str, Any], tmp_path: Path) -> None:
    """The build's DOCX with its custom XML part taken out, as a tool that drops unknown
    parts saves it: the bookmarks are still there, the map is not."""
    import zipfile

    stripped = tmp_path / "retour.docx"
    with zipfile.ZipFile(built["docx"]) as src, zipfile.ZipFile(stripped, "w") as out:
        names = [n for n in src.namelist() if not n.startswith("customXml/")]
        assert len(names) < len(src.namelist())
        for name in names:
            out.writestr(name, src.read(name))
    with zipfile.ZipFile(stripped) as z:
        assert b'w:name="_Src_' in z.read("word/document.xml")
    proc = run_cli("review", str(stripped), "--project", str(built["project"]))
    assert proc.code == 1
    assert "retour.docx a été produit par « cmqreport build » mais a perdu sa carte" in (
        proc.stderr
    )
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_file_that_is_no_docx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "notes.docx"
    fake.write_text("Chiffre à vérifier : 118 ?", encoding="utf-8")
    proc = run_cli("review", str(fake))
    assert proc.code == 1
    assert "notes.docx n'est pas un document Word lisible" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_apply_shows_the_diff_then_writes_exactly_that_value(
    reviewed: dict[str, Any], tmp_path: Path
) -> None:
    project = tmp_path / "bfc"
    shutil.copytree(reviewed["project"], project)
    files = {p: p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}
    target = project / "years" / "2021" / "AMF.yaml"
    docx = str(reviewed["docx"])
    shown = run_cli("review", docx, "-p", str(project), "--apply")
    assert shown.code == 0, shown.stderr
    assert "--- a/years/2021/AMF.yaml" in shown.stdout
    removed = [ln for ln in shown.stdout.splitlines() if ln.startswith("-") and " le " in ln]
    added = [ln for ln in shown.stdout.splitlines() if ln.startswith("+") and " ce " in ln]
    assert len(removed) == 1 and len(added) == 1
    assert "--yes" in shown.stdout
    assert {p: p.read_bytes() for p in files} == files  # nothing written without --yes
    done = run_cli("review", docx, "-p", str(project), "--apply", "--yes")
    assert done.code == 0, done.stderr
    old = files[target].splitlines(keepends=True)
    new = target.read_bytes().splitlines(keepends=True)
    assert len(old) == len(new)
    (i,) = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    spots = [k for k in range(len(old[i])) if old[i].startswith(b" le ", k)]
    assert new[i] in [old[i][:k] + b" ce " + old[i][k + 4 :] for k in spots]
    assert {p: p.read_bytes() for p in files if p != target} == {
        p: b for p, b in files.items() if p != target
    }
    assert run_cli("validate", "-p", str(project)).code == 0
    again = run_cli("review", docx, "-p", str(project), "--apply")
    assert "la valeur a changé depuis la construction" in again.stdout  # left alone


def test_apply_keeps_the_rest_of_the_file_byte_for_byte() -> None:
    from cmqreport.write.review_apply import _set

    text = (
        "# tête\ncampus: AMF  # code\nsections:\n  - id: a\n    title: 'Un « titre »'\n"
        "    body: |\n      Premier le paragraphe.\n\n      Second.\n\n"
        '    # après\n  - id: b\n    text: "quoted"\n'
    )
    out = _set(text, ["sections", 0, "body"], "Premier ce paragraphe.\n\nSecond.\n")
    assert out == text.replace("Premier le", "Premier ce")


def test_apply_refuses_words_found_twice() -> None:
    from cmqreport.convert.docx.review import Remark
    from cmqreport.write.review_apply import locate

    r = Remark("replacement", "R", "", "1", "", old="le", new="ce")
    r.before, r.after = "le", "ce"
    assert locate("le et le", r) is None
    r.before, r.after = "le et le chat", "le et ce chat"
    assert locate("**le** et le chat", r) == (10, 11, "c")


def test_each_paragraph_of_a_field_has_its_own_line(built: dict[str, Any]) -> None:
    """FB's two-paragraph description (chapter 1): a bookmark per paragraph, each at the
    line where that paragraph starts in campuses/FB.yaml."""
    import docx

    doc = docx.Document(str(built["docx"]))
    project, sources = built["project"], built["sources"]
    fb = "campuses/FB.yaml"
    for start in ("En France métropolitaine", "En France, la filière bois-forêt"):
        names = _first_bookmarks(doc, start)
        entry = sources[names[0].removeprefix("_Src_")]
        assert (entry["file"], entry["path"]) == (fb, "description")
        assert entry["line"] == _line_of(project, fb, start)


def test_the_label_events_of_the_presentation_point_at_the_history(
    built: dict[str, Any],
) -> None:
    """« 4 février 2021 : la reconnaissance du CMQ MSI dans la catégorie Excellence… », a
    sentence the presentation makes from MSI's label history: at its entry."""
    import docx

    doc = docx.Document(str(built["docx"]))
    names = _first_bookmarks(doc, "4 février 2021")
    entry = built["sources"][names[0].removeprefix("_Src_")]
    assert entry["file"] == "campuses/MSI.yaml"
    assert entry["path"].startswith("labels[")
    line = (built["project"] / entry["file"]).read_text("utf-8").splitlines()[entry["line"] - 1]
    assert "kind: excellence" in line


def test_a_change_in_a_composed_sentence_is_listed_not_applied() -> None:
    """« Mme X a remplacé M. Y » is made from AMF's history entry: no field holds it, so
    a tracked change in it is left alone, with the reason, and nothing is patched."""
    from cmqreport.convert.docx.review import Placed, Remark
    from cmqreport.load.project import load_project
    from cmqreport.render.sources import value_hash
    from cmqreport.write.review_apply import plan_apply

    project = load_project(EXAMPLE)
    src = project.source("campuses/AMF.yaml")
    assert src is not None
    entry = {"file": "campuses/AMF.yaml", "line": 22, "col": 5, "path": "governance[1]",
             "sha256": value_hash(src.data["governance"][1])}  # fmt: skip
    r = Remark("replacement", "Région", "", "1", "1.1", old="remplacé", new="succédé à")
    r.before, r.after = "Mme L a remplacé M. H.", "Mme L a succédé à M. H."
    plan = plan_apply([Placed(r, entry, False)], project)
    assert plan.patches == []
    ((_, reason),) = plan.skipped
    assert "texte composé par le rapport" in reason
