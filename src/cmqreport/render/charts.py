"""Charts drawn from the data (funding by source and year, a sequence through the year)
and figure placeholders.

matplotlib is imported here only, when a chart is drawn. PNG files carry no timestamp, so
the same data gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

from cmqreport import model as m
from cmqreport.render.french import Formatter

__all__ = ["finances_chart", "placeholder_png", "sequence_chart"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "cmqreport", "font.family": "DejaVu Sans"})
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def finances_chart(fin: m.Finances, fmt: Formatter) -> bytes:
    """Grouped bars: one group per year, one bar per funding source."""
    plt = _pyplot()
    years = sorted({y for line in fin.lines for y in line.amounts})
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    width = 0.8 / max(1, len(fin.lines))
    for i, line in enumerate(fin.lines):
        xs = [k + i * width - 0.4 + width / 2 for k in range(len(years))]
        ax.bar(xs, [line.amounts.get(y, 0) for y in years], width, label=line.source)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt.money(v, fin.currency).replace(",00", ""))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    data = _png(fig)
    plt.close(fig)
    return data


#: Colours of the sequence's arrows, in turn (light enough for black text).
_STEP_COLOURS = ("#cfe2f3", "#d9ead3", "#fff2cc", "#fce5cd", "#ead1dc", "#d0e0e3")


def _chevron(index: int) -> list[tuple[float, float]]:
    """The outline of step ``index``: an arrow pointing right, notched but for the first."""
    tip, left, right = 0.18, float(index), index + 0.96
    notch = 0.0 if index == 0 else tip
    return [
        (left, 1.0),
        (right, 1.0),
        (right + tip, 0.5),
        (right, 0.0),
        (left, 0.0),
        (left + notch, 0.5),
    ]


def sequence_chart(steps: Sequence[m.SequenceStep]) -> bytes:
    """Arrows left to right, one per step: its label inside, its period above, its detail
    below (each wrapped, never cut)."""
    plt = _pyplot()
    count = len(steps)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.9 * count), 2.6))
    for i, step in enumerate(steps):
        colour = _STEP_COLOURS[i % len(_STEP_COLOURS)]
        ax.add_patch(plt.Polygon(_chevron(i), closed=True, fc=colour, ec="#666666", lw=0.6))
        centre = i + 0.55
        label = textwrap.fill(step.label, 18)
        ax.text(centre, 0.5, label, ha="center", va="center", fontsize=8, fontweight="bold")
        if step.period:
            ax.text(centre, 1.12, step.period, ha="center", va="bottom", fontsize=8)
        if step.detail:
            detail = textwrap.fill(step.detail, 22)
            ax.text(centre, -0.12, detail, ha="center", va="top", fontsize=7, color="#333333")
    ax.set_xlim(-0.05, count + 0.2)
    ax.set_ylim(-1.0, 1.5)
    ax.set_aspect("auto")
    ax.axis("off")
    data = _png(fig)
    plt.close(fig)
    return data


def placeholder_png() -> bytes:
    """A light frame standing for a picture the data does not provide.

    The build copies ``data/placeholder.png``, drawn by this function; redraw it with
    ``python -c "from cmqreport.render.charts import placeholder_png as p;
    open('src/cmqreport/data/placeholder.png', 'wb').write(p())"``.
    """
    plt = _pyplot()
    fig = plt.figure(figsize=(6, 3))
    fig.patch.set_facecolor("#f2f2f2")
    fig.text(0.5, 0.5, "Image non fournie", ha="center", va="center", color="#888888", fontsize=14)
    data = _png(fig)
    plt.close(fig)
    return data
