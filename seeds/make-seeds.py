"""Writes the import seeds from the demo site: python3 seeds/make-seeds.py

Needs Python 3.11 and openpyxl (pip install openpyxl). Every name, owner, contact and
figure comes from the demo's account files or from seeds/crm-export.csv, so the exports
match the demo the way a real team's exports match its kam site; the numbers and words
added here (record ids, phone numbers, e-mail addresses, final 2025 figures) are made
up. The output is committed; run this only to change it. It also writes the XLSX twin of
tests/fixtures/import/exports/sales.csv.
"""

import csv
import datetime
import pathlib
import tomllib

from openpyxl import Workbook

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
ASCII = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


def checksum(id15):
    """The 3 characters that make a 15-character Salesforce id 18 characters long."""
    suffix = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, c in enumerate(id15[start:start + 5]) if "A" <= c <= "Z")
        suffix += ALPHABET[bits]
    return id15 + suffix


def workbook():
    """A workbook with fixed document properties (the zip entries still carry the time)."""
    book = Workbook()
    stamp = datetime.datetime(2026, 12, 1, 9, 0, 0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "kam seeds"
    return book


def demo_accounts():
    accounts = []
    for path in sorted((ROOT / "content/accounts").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("+++\n")[1]
        accounts.append(tomllib.loads(front))
    return accounts


def crm_rows():
    with (SEEDS / "crm-export.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(name, header, rows):
    """Salesforce's habits: every field quoted, CRLF, UTF-8 without a BOM."""
    with (SEEDS / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def domain(company):
    words = [w for w in company.translate(ASCII).lower().replace(",", "").split()
             if w not in ("ab", "ek.", "för.", "&")]
    return "".join(words[:2]) + ".example"


NEW_ACCOUNTS = ["Alderbo Snickerifabrik AB", "Dalälvens Emballage AB", "Hultsjö Etikett AB"]


def salesforce_accounts(accounts, crm):
    by_name = {row["Account Name"]: row for row in crm}
    rows = []
    for account in accounts:
        row = by_name[account["name"]]
        rows.append([
            checksum(row["Account ID"][:15]), account["name"], account["manager"], row["Type"],
            account.get("industry", ""), row["Billing City"], account.get("country", "SE"),
            row["Phone"], row["Annual Revenue"], row["Last Activity"],
        ])
    for name in NEW_ACCOUNTS:
        row = by_name[name]
        rows.append([
            checksum(row["Account ID"][:15]), name, row["Account Owner"], row["Type"],
            row["Industry"], row["Billing City"], "SE", row["Phone"], row["Annual Revenue"],
            row["Last Activity"],
        ])
    write_csv(
        "salesforce-accounts.csv",
        ["Account ID", "Account Name", "Account Owner", "Type", "Industry", "Billing City",
         "Billing Country", "Phone", "Annual Revenue", "Last Activity"],
        rows,
    )
    return {row[1]: row[0] for row in rows}


def salesforce_contacts(accounts, ids):
    rows = []
    serial = 0

    def add(company, name, title):
        nonlocal serial
        serial += 1
        first, _, last = name.rpartition(" ")
        mail = f"{first}.{last}".translate(ASCII).lower().replace(" ", "")
        contact_id = checksum(f"0037R00002Lm{serial:03d}")
        rows.append([
            contact_id, first, last, title, f"{mail}@{domain(company)}",
            f"+46 8 465 004 {serial % 100:02d}", f"+46 70 174 06 {5 + serial % 95:02d}",
            company, ids[company], "",
        ])

    for account in accounts:
        for contact in account.get("contacts", [])[:3]:
            add(account["name"], contact["name"], contact.get("title", ""))
    add("Alderbo Snickerifabrik AB", "Henrik Alderbo", "VD")
    add("Hultsjö Etikett AB", "Linnea Strand", "Inköpsansvarig")
    # CRMs are typed by hand too: one name in other capitals and spacing, one new title.
    rows[1][1], rows[1][2] = rows[1][1].upper(), rows[1][2] + " "
    rows[4][3] = "Teknisk chef"
    write_csv(
        "salesforce-contacts.csv",
        ["Contact ID", "First Name", "Last Name", "Title", "Email", "Phone", "Mobile",
         "Account Name", "Account ID", "Mailing City"],
        rows,
    )


HUBSPOT_INDUSTRY = {
    "Massa": "Paper & Forest Products", "Kartong": "Packaging & Containers",
    "Papper": "Paper & Forest Products", "Förpackning": "Packaging & Containers",
    "Sågverk": "Paper & Forest Products", "Grossist": "Wholesale", "Tryck": "Printing",
    "Bygghandel": "Building Materials", "Skog": "Farming", "Färg": "Retail",
    "Wellpapp": "Packaging & Containers", "Trä": "Building Materials",
    "Grafisk": "Printing", "Industri": "Wholesale",
}


def hubspot_companies(accounts, crm):
    by_name = {row["Account Name"]: row for row in crm}
    rows = []
    for index, account in enumerate(accounts):
        row = by_name[account["name"]]
        industry = next((label for word, label in HUBSPOT_INDUSTRY.items()
                         if word.lower() in (account.get("industry", "") + account["name"]).lower()),
                        "Chemicals")
        rows.append([
            str(18342750101 + index * 17), account["name"], account["manager"], industry,
            "Sweden", row["Billing City"], row["Phone"], row["Annual Revenue"], "Customer",
            row["Created Date"] + " 09:00",
        ])
    # HubSpot writes plain CSV: quotes only where needed, LF line ends.
    with (SEEDS / "hubspot-companies.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Record ID", "Company name", "Company owner", "Industry",
                         "Country/Region", "City", "Phone Number", "Annual Revenue",
                         "Lifecycle Stage", "Create Date"])
        writer.writerows(rows)


# Closing the books moved a few 2025 figures from the preliminary ones in the demo.
FINAL_2025 = {
    "Bjurviks Bruk AB": (57_640_000, 11_210_000),
    "Vitsand Kartong AB": None,
    "Storbäckens Såg AB": None,
}
NEW_2025 = {
    "Alderbo Snickerifabrik AB": ("Sofia Alm", 1_940_000, 610_000),
    "Dalälvens Emballage AB": ("Elin Forsberg", 0, 0),
    "Hultsjö Etikett AB": ("Elin Forsberg", 3_275_500, 902_000),
}


def erp_sales(accounts):
    book = workbook()
    sheet = book.active
    sheet.title = "Kundförsäljning 2025"
    sheet.append(["Kundnr", "Kundnamn", "Säljare", "Nettoförsäljning 2025",
                  "Täckningsbidrag 2025", "Antal fakturor"])
    for index, account in enumerate(accounts):
        year = next((y for y in account.get("years", []) if y["year"] == 2025), None)
        if year is None:
            continue
        revenue, margin = year["revenue"], year.get("gross_margin")
        final = FINAL_2025.get(account["name"])
        if final:
            revenue, margin = final
        # The ERP prints names in capitals; the name key still matches them.
        name = account["name"].upper() if index % 4 == 0 else account["name"]
        sheet.append([10100 + index * 3, name, account["manager"], revenue, margin,
                      12 + index * 7 % 90])
    for offset, (name, manager) in enumerate((n, v[0]) for n, v in NEW_2025.items()):
        _, revenue, margin = NEW_2025[name]
        if revenue:
            sheet.append([20400 + offset, name, manager, revenue, margin, 3 + offset])
    for column, width in zip("ABCDEF", (9, 40, 18, 24, 22, 15)):
        sheet.column_dimensions[column].width = width
    book.save(SEEDS / "erp-sales-2025.xlsx")


def fixture_xlsx():
    """tests/fixtures/import/exports/sales.xlsx: sales.csv with its money as numbers."""
    money = {
        "43 200 000": 43200000, "10 100 000,00": 10100000.0, "5,250,000.00": 5250000,
        "950,000": 950000, "SEK 12 000 000": 12000000, "2 400 000 kr": 2400000,
        "3 400 000": 3400000, "700 000": 700000, "820 500": 820500,
    }
    source = ROOT / "tests/fixtures/import/exports/sales.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = workbook()
    sheet = book.active
    sheet.title = "Försäljning"
    for row in rows:
        sheet.append([money.get(cell, cell) if cell != "" else None for cell in row])
    book.save(ROOT / "tests/fixtures/import/exports/sales.xlsx")


def broken_xlsx():
    """tests/fixtures/import/exports/broken.xlsx: a spreadsheet error in a mapped cell (D3),
    money that is no number (E4), and an error in an unmapped column (G2) that is no
    problem."""
    book = workbook()
    sheet = book.active
    sheet.append(["Kundnr", "Kund", "Ansvarig säljare", "Bransch", "Försäljning",
                  "Täckningsbidrag", "Kvot"])
    sheet.append(["001D0000000KlaB", "Alfa Bruk AB", "Anna Berg", "Papper", 43200000,
                  10100000, "#DIV/0!"])
    sheet.append([None, "Beta Tryck AB", "Bo Ek", "#N/A", 5250000, 950000, None])
    sheet.append(["K-1007", "Gamma Skog ek. för.", "Anna Berg", None, "tolv miljoner", None,
                  None])
    book.save(ROOT / "tests/fixtures/import/exports/broken.xlsx")


if __name__ == "__main__":
    accounts = demo_accounts()
    crm = crm_rows()
    ids = salesforce_accounts(accounts, crm)
    salesforce_contacts(accounts, ids)
    hubspot_companies(accounts, crm)
    erp_sales(accounts)
    fixture_xlsx()
    broken_xlsx()
