"""Spreadsheets: CSV with the standard csv module, Excel workbooks with openpyxl. Each sheet is a table.

Merged cells give their value to every cell they cover (a category merged
down its rows belongs to each row); empty rows and columns are left out.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ingest.document import Document, Kind, TextBuilder
from ingest.formats import UnreadableError, read_text_file
from ingest.formats.html import markup_text
from ingest.ladder import name_level


def read(path: Path) -> Document:
    out = TextBuilder()
    notes: list[str] = []
    if path.suffix.lower() == ".csv":
        text, notes = read_text_file(path)
        sheets = [(None, csv_rows(text))]
        fmt = "csv"
    else:
        sheets = xlsx_sheets(path)
        fmt = "xlsx"
    sheets = [
        (name, [[markup_text(c) if MARKUP.search(c) else c for c in row] for row in rows]) for name, rows in sheets
    ]
    if sum(name is not None and names_a_level(name) for name, _ in sheets) >= LEVEL_SHEETS:
        # A sheet per level ("CC1 Cabin Crew", "CC3 Purser"): each sheet's name heads its table, as a document's
        # heading heads what it says of its level.
        parts: list = [part for name, rows in sheets for part in level_sheet(out, name or "", trimmed(rows))]
        return Document(path.name, fmt, out.text, parts, notes)
    tables = [out.table(trimmed(rows), name) for name, rows in sheets]
    return Document(path.name, fmt, out.text, tables, notes)


LEVEL_SHEETS = 2  # the fewest sheets named as levels that make a workbook a sheet per level
# A cell of rich text as an HR system exports it: paragraphs, lists, bold, line breaks written as HTML.
MARKUP = re.compile(r"<(?:p|ul|ol|li|br|div|b|strong|em|i|span)\b[^<>]*>.*?(?:</\w+>|<br\b)", re.IGNORECASE | re.DOTALL)
FIRST_CODES = 20  # the highest number a level's code has ("CC5", "L12"), not a year's ("FY24")
RANGE = re.compile(r"\d\s*[-–]\s*[A-Za-z]*\s*\d")  # "L1-L3": a sheet of several levels
# A level's sheet's line about the sheet: "Owner: Inflight Services | Updated 02 Feb 2026", not about the level
SHEET_NOTE = re.compile(r"^\W*(?:owner|owned by|updated|last updated|last reviewed|reviewed|version|author)\b", re.I)


def level_sheet(out: TextBuilder, name: str, rows: list[list[str]]) -> list:
    """A sheet of a workbook of a sheet per level: its name as a heading, its lines of one value (a title merged
    across the sheet, a "Read me" sheet's paragraphs) as paragraphs, the rest a table. A title that only repeats
    the sheet's name ("CC3 — Purser") and a level's sheet's note on itself ("Owner: ...") are left out."""
    parts = [out.block(Kind.HEADING, name, 1)]
    lead = next((k for k, row in enumerate(rows) if len({c for c in row if c.strip()}) > 1), len(rows))
    for row in rows[:lead]:
        text = next(c for c in row if c.strip())
        if words(text) != words(name) and not (names_a_level(name) and SHEET_NOTE.match(text)):
            parts.append(out.block(Kind.PARAGRAPH, text))
    if lead < len(rows):
        parts.append(out.table(rows[lead:], name))
    return parts


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def names_a_level(name: str) -> bool:
    """A sheet's name that reads as a level's by a code ("CC1 Cabin Crew", "L3", "Grade 7"), not "Matrix", a
    range of levels ("L1-L3") or a year ("FY24 Pay")."""
    named = name_level(name)
    return named.strength >= 2 and not RANGE.search(name) and (named.number or 0) <= FIRST_CODES


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV in a spreadsheet's quoting ("" in a quoted cell is a quote), by its sniffed delimiter."""
    try:
        sniffed = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter, spaced = sniffed.delimiter, sniffed.skipinitialspace
    except csv.Error:
        delimiter, spaced = ",", False
    # The sniffer misreads "" at times: its delimiter and the spaces after it, in a spreadsheet's quoting.
    dialect = type("Spreadsheet", (csv.excel,), {"delimiter": delimiter, "skipinitialspace": spaced})
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as e:
        raise UnreadableError(f"is not CSV it can read ({e})") from e


def xlsx_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise UnreadableError(
            f"is not an Excel workbook it can open ({type(e).__name__}); save it again as .xlsx"
        ) from e
    if all(sheet.sheet_state != "visible" for sheet in workbook.worksheets):
        raise UnreadableError("has no sheet that is not hidden; unhide the ladder's sheet in Excel and save it")
    sheets = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":  # hidden: last year's matrix, a lookup list, nothing its readers see
            continue
        rows = [[displayed(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = value
        sheets.append((sheet.title, rows))
    return sheets


NUMBER_FORMAT = re.compile(r"0(?:\.(0+))?")  # a format's first digits: "#,##0.00" has two decimals


def displayed(value: object, number_format: str) -> str:
    """A cell as Excel shows it: a number in its format's currency, thousands and decimals ("£38,000" of
    38000 as "£"#,##0; "15%" of 0.15), a date without its time; else its value as text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float) or number_format in ("General", "@"):
        return str(value)
    # positive numbers' section, a bracket's locale or colour left out but its currency ("[$£-809]")
    shown = re.sub(r"\[\$([^-\]]*)[^\]]*\]|\[[^\]]*\]", r"\1", number_format.split(";")[0])
    digits = NUMBER_FORMAT.search(shown)
    if digits is None:
        return str(value)
    decimals = len(digits.group(1) or "")
    percent = "%" in shown
    # Excel rounds a half away from zero: 12.5% at "0%" shows 13%
    rounded = Decimal(str(value * 100 if percent else value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    number = f"{rounded:,}" if "," in shown[: digits.end()] else f"{rounded}"
    # what the format writes around the digits: "£", '"Grade "0', '0" days"'
    before, after = (
        re.sub(r'["\\#,?]|0(?:\.0+)?', "", part) for part in (shown[: digits.start()], shown[digits.end() :])
    )
    return f"{before}{number}{after}"


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """The rows without empty rows and empty columns."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    used = [c for c in range(width) if any(row[c].strip() for row in rows)]
    return [[row[c] for c in used] for row in rows]
