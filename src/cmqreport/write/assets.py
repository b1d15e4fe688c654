"""What pandoc reads beside the Markdown: charts, images, the bibliography."""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmqreport.render.renderer import Rendered
    from cmqreport.write.chart_cache import ChartCache

__all__ = ["PLACEHOLDER_PNG", "write_inputs"]

#: Drawn once with ``charts.placeholder_png`` and shipped, so that no matplotlib is needed.
PLACEHOLDER_PNG = Path(__file__).resolve().parent.parent / "data" / "placeholder.png"


def write_inputs(
    rendered: Rendered, work: Path, stem: str, locale: str, charts: ChartCache | None = None
) -> None:
    """Write ``<stem>.md``, its assets and ``references.json`` (when cited) into ``work``;
    the charts come from ``charts`` when it already holds them."""
    write_assets(rendered, work, locale, charts)
    if rendered.bibliography:
        (work / "references.json").write_text(
            json.dumps(rendered.bibliography, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    (work / f"{stem}.md").write_text(rendered.markdown, encoding="utf-8")


def write_assets(
    rendered: Rendered, work: Path, locale: str, charts: ChartCache | None = None
) -> None:
    """Draw the charts (or take them from ``charts``) and copy the images of ``rendered``
    under ``work``."""
    from cmqreport.render import charts as draw
    from cmqreport.render.french import Formatter
    from cmqreport.write.chart_cache import ChartCache

    known = charts or ChartCache(None)
    fmt = Formatter(locale)
    for asset in rendered.assets:
        dest = work / asset.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if asset.chart is not None:
            data = [locale, asset.chart.model_dump(mode="json")]
            drawn = partial(draw.finances_chart, asset.chart, fmt)
            dest.write_bytes(known.chart("finances", data, drawn))
        elif asset.sequence is not None:
            data = [s.model_dump(mode="json") for s in asset.sequence]
            drawn = partial(draw.sequence_chart, asset.sequence)
            dest.write_bytes(known.chart("sequence", data, drawn))
        elif asset.placeholder:
            shutil.copyfile(PLACEHOLDER_PNG, dest)
        elif asset.source is not None:
            shutil.copyfile(asset.source, dest)
