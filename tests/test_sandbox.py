"""The template sandbox's bounds, and the escapings of issue 17 (one per context)."""

from __future__ import annotations

import time

import pytest

from cmqreport.render.jinja_env import environment
from cmqreport.render.markdown import destination, neutralise
from cmqreport.render.metadata import csl_text, meta_text
from cmqreport.render.sandbox import TemplateLimit

#: Templates that would hang or fill the memory without the bounds.
HOSTILE = [
    '{{ "x" * 2000000000 }}',
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
    "{% endfor %}",
    '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}'
    "{% endfor %}",
    '{{ "x"|center(2000000000) }}',
    '{{ "x".ljust(2000000000) }}',
    '{{ "%2000000000d"|format(1) }}',
    '{{ "%2000000000d" % 1 }}',
    '{{ "{:>2000000000}".format(1) }}',
    "{{ 10 ** 100000000 }}",
    "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    '{{ " ".join(["x" * 1000000] * 1000) }}',
    '{{ ("x" * 1000000)|replace("x", "yyyyyyyyyy") }}',
    "{{ [1]|batch(2000000000, 0)|list|length }}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    '{% set s = "x" * 1000000 %}{% for i in range(100) %}{{ s }}{% endfor %}',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_the_sandbox_bounds_the_work(source: str) -> None:
    env = environment([])
    start = time.monotonic()
    with pytest.raises(TemplateLimit):
        env.from_string(source).render()
    assert time.monotonic() - start < 5


def test_ordinary_templates_are_not_bounded() -> None:
    env = environment([])
    source = (
        '{% for i in range(3) %}{{ loop.index }}{{ "a" ~ i }}{% endfor %} '
        '{{ "{:>5}".format(3) }} {{ [1, 2]|join(", ") }} {{ "ab" * 3 }} {{ 2 ** 10 }}'
    )
    # printed strings are escaped as plain text: their spaces collapse
    assert env.from_string(source).render() == "1a02a13a2 3 1, 2 ababab 1024"


def test_lipsum_is_not_offered() -> None:
    assert "lipsum" not in environment([]).globals


def test_unbalanced_brackets_are_text() -> None:
    assert neutralise("Voir article 3] et la fin.") == "Voir article 3\\] et la fin."
    assert neutralise("Une [ ouverte") == "Une \\[ ouverte"
    kept = "[lien](https://x.org) [^note] [@ref] [[fig:x]] `a]b`"
    assert neutralise(kept) == kept


def test_image_destinations() -> None:
    assert destination("assets/salon-2021.png") == "assets/salon-2021.png"
    assert destination("assets/photo (1).png") == "<assets/photo (1).png>"
    assert destination("assets/a>b.png") == "<assets/a\\>b.png>"


def test_metadata_quotes_and_csl_markup() -> None:
    assert meta_text("Rapport ''2021'' d'activité") == "Rapport \\'\\'2021\\'\\' d'activité"
    assert meta_text('Le "réseau"') == 'Le \\"réseau\\"'
    assert csl_text("Le <i>guide</i>") == (
        'Le <<span class="nocase"></span>i>guide<<span class="nocase"></span>/i>'
    )
