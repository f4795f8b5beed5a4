"""Writes the XLSX files kam's seeds and tests use: python3 seeds/make-xlsx.py

Needs openpyxl (pip install openpyxl). The files are committed; run this only to
change them. Dates and numbers are plain cell values, as an ERP's export has them.
"""

import csv
import pathlib

from openpyxl import Workbook

ROOT = pathlib.Path(__file__).resolve().parent.parent


def fixture():
    """tests/fixtures/import/exports/sales.xlsx: sales.csv with its money as numbers."""
    money = {
        "43 200 000": 43200000, "10 100 000,00": 10100000.0, "5,250,000.00": 5250000,
        "950,000": 950000, "SEK 12 000 000": 12000000, "2 400 000 kr": 2400000,
        "3 400 000": 3400000, "700 000": 700000, "820 500": 820500,
    }
    source = ROOT / "tests/fixtures/import/exports/sales.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    sheet.title = "Försäljning"
    for row in rows:
        sheet.append([money.get(cell, cell) if cell != "" else None for cell in row])
    book.save(ROOT / "tests/fixtures/import/exports/sales.xlsx")


def seed():
    """seeds/erp-sales-2025.xlsx: the ERP's sales per customer for 2025."""
    source = ROOT / "seeds/erp-sales-2025.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    sheet.title = "Kundförsäljning 2025"
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([int(cell) if cell.isdigit() else (cell or None) for cell in row])
    for column, width in zip("ABCDEFG", (12, 40, 22, 18, 18, 18, 18)):
        sheet.column_dimensions[column].width = width
    book.save(ROOT / "seeds/erp-sales-2025.xlsx")


if __name__ == "__main__":
    fixture()
    if (ROOT / "seeds/erp-sales-2025.csv").exists():
        seed()
