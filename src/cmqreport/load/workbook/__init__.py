"""The campus-year workbook reader: one .xlsx per campus and year, read like a YAML file.

Campus directors fill a workbook rather than YAML: French headers, dropdowns for closed
lists, dates as dates. :func:`load_workbook_data` reads one into the plain data a YAML
campus-year gives, so that :mod:`cmqreport.load.project` checks both with the same model.
Every value keeps its cell, and every diagnostic names it: ``years/2021/AGT.xlsx!Actions!F7``.
The writer of the same layout is :mod:`cmqreport.write.workbook`.

Layout (one sheet per kind of data, headers in row 1, one record per row; see
:mod:`~cmqreport.load.workbook.sheets`):

* « Campus »: key/value rows (Campus, Année, Titre, Introduction, Section des moyens
  financiers, the caption, currency and note of the funding figure);
* « Axes », « Sections » (a subsection names its « Section parente »), « Actions »
  (partners and perspectives one per line), « Chiffres » (the metrics of an action);
* « Figures » and « Tableaux » (« Rattaché(e) à » a section or an annex; a table is one
  « En-tête » row holding its columns C1…Cn, then one « Ligne » row per row);
* « Indicateurs », « Plan d'action » (one row per achievement), « Financement » (Source and
  one column per year), « Annexes », « Notes » (footnotes);
* « Lisez-moi » (help) and the hidden « Listes » (dropdown values) are never read.

The modules, in reading order: ``opening`` (the file, and files that are not a workbook),
``xml_cells`` (the sheets' cells read from their XML in one pass, dates by ``serials``;
openpyxl, through ``book``, for a file it does not vouch for), ``grid`` (sheets as
cells: names, merges, formulas), ``records`` (headers → columns, rows
→ records), ``values`` (one cell by its column's kind), then one module per sheet or group
of sheets, assembled by ``reader``.

openpyxl is imported inside the functions only, and only for a file the fast reader does
not vouch for: ``cmqreport validate`` of a project never pays for it otherwise.
"""

from __future__ import annotations

from cmqreport.load.workbook.loaded import WorkbookLoaded
from cmqreport.load.workbook.reader import load_workbook_data

__all__ = ["WorkbookLoaded", "load_workbook_data"]
