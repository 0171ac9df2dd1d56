"""The package as an XLSX workbook: allocations, per nämnd, and every spending entry."""

import io

from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.tabular import neutralise

from . import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(wb, title, header, rows, first=False):
    from openpyxl.styles import Font

    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append([neutralise(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    for column, width in zip("ABCDEFGH", (40, 40, 16, 16, 16, 60, 30, 30), strict=False):
        ws.column_dimensions[column].width = width
    return ws


def render_xlsx(package) -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of the package's workbook."""
    from openpyxl import Workbook  # at first use: slow to import

    wb = Workbook()
    _sheet(
        wb,
        _("Allocations"),
        [_("Theme"), _("Committee"), _("Allocated"), _("Spent"), _("Forecast"), _("Activities")],
        (
            [
                a.theme.title,
                a.committee.name,
                a.amount,
                a.spent,
                a.forecast,
                "\n".join(
                    f"{'  – ' if act.parent_id else ''}{act.text}" for act in a.activities.all()
                ),
            ]
            for a in selectors.allocations(package)
        ),
        first=True,
    )
    _sheet(
        wb,
        _("Per committee"),
        [_("Committee"), _("Allocated"), _("Spent"), _("Forecast")],
        (
            [r.label, r.allocated, r.spent, r.forecast]
            for r in selectors.summary(package, by="committee")
        ),
    )
    _sheet(
        wb,
        _("Spending"),
        [_("Date"), _("Committee"), _("Allocation"), _("Amount"), _("Corrects entry"), _("Note")],
        (
            [
                e.date,
                e.allocation.committee.name,
                str(e.allocation),
                e.amount,
                e.corrects_id,
                e.note,
            ]
            for e in selectors.expenditures(package).order_by("date", "pk")
        ),
    )
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if hasattr(cell.value, "as_tuple"):
                    cell.number_format = "#,##0"
    out = io.BytesIO()
    wb.save(out)
    return f"{slugify(package.name)}.xlsx", XLSX, out.getvalue()
