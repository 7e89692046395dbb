"""Spreadsheet files: XLSX and CSV writers that a spreadsheet cannot trip over.

CSV files are UTF-8 with a byte order mark, so that Excel reads the accents
right, in two dialects: plain (a comma between fields, a decimal point: what
every other tool expects) and for Excel with Dutch settings (a semicolon
between fields, a decimal comma), which a Dutch Excel opens in columns with
a double click. Every text cell that a spreadsheet could take for a formula
(it starts with = + - @, a tab or a carriage return) gets an apostrophe in
front, in every format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from regions.models import Trajectory

Value = str | int | float | date | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a BOM, so Excel reads accents right
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_text(value: str) -> str:
    """Make a text cell safe for a spreadsheet.

    Control characters that XLSX cannot hold are dropped; a text that a
    spreadsheet would run as a formula gets a leading apostrophe.
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_START) or value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def safe_value(value: object) -> str | int | float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


@dataclass
class Table:
    """One sheet of an XLSX file, or one section of a CSV file."""

    title: str
    headers: list[str]
    rows: list[list[Value]] = field(default_factory=list)


# --- Writers ------------------------------------------------------------------


def to_xlsx(tables: Sequence[Table], *, notes: Iterable[str] = ()) -> bytes:
    """One sheet per table, a bold frozen header row; notes on a last sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=safe_text(table.title)[:31])
        sheet.append([safe_value(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([safe_value(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers, start=1):
            width = min(max(len(str(header)), 8) + 2, 50)
            sheet.column_dimensions[get_column_letter(index)].width = width
    lines = list(notes)
    if lines:
        sheet = workbook.create_sheet(title=_("Toelichting")[:31])
        for line in lines:
            sheet.append([safe_text(line)])
        sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dutch_number(value: str | int | float | None) -> str | int | None:
    """A decimal comma for a float; anything else as it is."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def to_csv(tables: Sequence[Table], *, dutch_excel: bool = False) -> bytes:
    """The tables one after the other, an empty line between; UTF-8 with BOM.

    ``dutch_excel``: semicolons between fields and decimal commas, as Excel
    with Dutch settings reads a CSV file.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch_excel else ",")
    cell = _dutch_number if dutch_excel else (lambda value: value)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([safe_value(h) for h in table.headers])
        for row in table.rows:
            writer.writerow(["" if v is None else cell(safe_value(v)) for v in row])
    return buffer.getvalue().encode(CSV_ENCODING)


def export_filename(trajectory: Trajectory, kind: str, extension: str) -> str:
    """``resultaten-JZ32-traject-7.xlsx``: the region code and the trajectory."""
    return f"{kind}-{trajectory.region.code}-traject-{trajectory.pk}.{extension}"
