"""What pandoc reads beside the Markdown: charts, images, the bibliography."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmqreport.render.renderer import Rendered

__all__ = ["PLACEHOLDER_PNG", "write_inputs"]

#: Drawn once with ``charts.placeholder_png`` and shipped, so that no matplotlib is needed.
PLACEHOLDER_PNG = Path(__file__).resolve().parent.parent / "data" / "placeholder.png"


def write_inputs(rendered: Rendered, work: Path, stem: str, locale: str) -> None:
    """Write ``<stem>.md``, its assets and ``references.json`` (when cited) into ``work``."""
    write_assets(rendered, work, locale)
    if rendered.bibliography:
        (work / "references.json").write_text(
            json.dumps(rendered.bibliography, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    (work / f"{stem}.md").write_text(rendered.markdown, encoding="utf-8")


def write_assets(rendered: Rendered, work: Path, locale: str) -> None:
    """Draw the charts and copy the images of ``rendered`` under ``work``."""
    from cmqreport.render.charts import finances_chart, sequence_chart
    from cmqreport.render.french import Formatter

    fmt = Formatter(locale)
    for asset in rendered.assets:
        dest = work / asset.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if asset.chart is not None:
            dest.write_bytes(finances_chart(asset.chart, fmt))
        elif asset.sequence is not None:
            dest.write_bytes(sequence_chart(asset.sequence))
        elif asset.placeholder:
            shutil.copyfile(PLACEHOLDER_PNG, dest)
        elif asset.source is not None:
            shutil.copyfile(asset.source, dest)
