"""Import of trygghetsmätning results from CSV and XLSX, checked before anything is saved.

Reading the file and reporting row errors is lagesbild's incident import (read_table,
RowError, CheckResult): the same encodings, the same messages, the same dry run.

Columns (header row, order free):

    survey         the survey's name, e.g. Trygghetsmätning 2023
    year           the year the survey was made
    area           an area name (e.g. Bäckby); empty or "Hela Västerås" for the whole city
    question       the question as asked
    share_unsafe   the share who feel unsafe, 0–100 (per cent); optional if mean_score
    mean_score     the mean score; optional if share_unsafe
    respondents    the number who answered (a whole number)
    published      optional: the day the figures were made public (2023-06-15); empty
                   or missing leaves the date as it is (unknown: 31 December of the year)

Re-importing the same file changes nothing; a row with the same survey, year, area and
question updates the figures.
"""

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.tabular import CheckResult, Columns, RowError, Table, numbered, read_table
from lagesbild.models import Area

from ..models import SurveyResult

COLUMNS = [
    "survey",
    "year",
    "area",
    "question",
    "share_unsafe",
    "mean_score",
    "respondents",
    "published",
]
REQUIRED = {"survey", "year", "question", "respondents"}
HEADINGS = Columns(
    {
        "survey": pgettext_lazy("file column", "Survey"),
        "year": pgettext_lazy("file column", "Year"),
        "area": pgettext_lazy("file column", "Area"),
        "question": pgettext_lazy("file column", "Question"),
        "share_unsafe": pgettext_lazy("file column", "Share unsafe (%)"),
        "mean_score": pgettext_lazy("file column", "Mean score"),
        "respondents": pgettext_lazy("file column", "Respondents"),
        "published": pgettext_lazy("file column", "Published"),
    }
)
WHOLE_CITY = {"", "hela västerås", "västerås", "hela kommunen", "totalt"}


def _number(value) -> Decimal | None:
    """'23,5', '23.5', '23,5 %' or a spreadsheet number; None when empty."""
    if value in ("", None):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").rstrip("%").replace(",", ".")
    return Decimal(text)


def _date(value) -> dt.date | None:
    """'2023-06-15' or a spreadsheet date; None when empty; ValueError otherwise."""
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def check_rows(raw: Table | list[dict]) -> CheckResult:
    """Validate every row; nothing is written."""
    result = CheckResult()
    header, rows = numbered(raw)
    # Headings in Swedish or English, or the code keys of older files.
    keys = {h: h if h in COLUMNS else (HEADINGS.column(h) or h) for h in header}
    header = [keys[h] for h in header]
    rows = ((line, {keys.get(k, k): v for k, v in row.items()}) for line, row in rows)
    if not header:
        result.file_error = _("The file has no rows below the header.")
        return result
    missing = REQUIRED - set(header)
    if "share_unsafe" not in header and "mean_score" not in header:
        missing |= {"share_unsafe"}
    if missing:
        names = sorted(HEADINGS.heading(key) for key in missing)
        result.file_error = _("Columns missing: %(cols)s.") % {"cols": ", ".join(names)}
        return result
    areas = {a.name.lower(): a for a in Area.objects.all()}
    seen: dict[tuple, int] = {}
    for line, row in rows:

        def cell(name, row=row):
            value = row.get(name, "")
            return value.strip() if isinstance(value, str) else value

        if all(cell(c) in ("", None) for c in COLUMNS):
            continue  # a blank line between blocks is not an error
        errors: list[RowError] = []
        data = {"survey_name": str(cell("survey") or ""), "question": str(cell("question") or "")}
        for column, key in (("survey", "survey_name"), ("question", "question")):
            if not data[key]:
                errors.append(RowError(line, column, _("Required.")))
        try:
            data["year"] = int(str(cell("year")).split(".")[0])
            if not 1990 <= data["year"] <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(
                RowError(line, "year", _("Not a year (e.g. 2023): %(v)s") % {"v": cell("year")})
            )
        area_name = str(cell("area") or "").lower()
        data["area"] = None
        if area_name not in WHOLE_CITY:
            data["area"] = areas.get(area_name)
            if data["area"] is None:
                errors.append(
                    RowError(line, "area", _("Unknown area: %(v)s") % {"v": cell("area")})
                )
        for column in ("share_unsafe", "mean_score"):
            try:
                data[column] = _number(cell(column))
            except InvalidOperation:
                data[column] = None
                errors.append(
                    RowError(line, column, _("Not a number: %(v)s") % {"v": cell(column)})
                )
        share = data["share_unsafe"]
        if share is not None and not 0 <= share <= 100:
            errors.append(
                RowError(
                    line, "share_unsafe", _("A share in per cent, 0–100: %(v)s") % {"v": share}
                )
            )
        if (
            data["share_unsafe"] is None
            and data["mean_score"] is None
            and not any(e.column in ("share_unsafe", "mean_score") for e in errors)
        ):
            errors.append(
                RowError(line, "share_unsafe", _("Give the share unsafe, the mean score or both."))
            )
        try:
            respondents = _number(cell("respondents"))
            if respondents is None or respondents < 0 or respondents != int(respondents):
                raise InvalidOperation
            data["respondents"] = int(respondents)
        except InvalidOperation:
            errors.append(
                RowError(
                    line,
                    "respondents",
                    _("A whole number of respondents: %(v)s") % {"v": cell("respondents")},
                )
            )
        try:
            published = _date(cell("published"))
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "published",
                    _("Not a date (e.g. 2023-06-15): %(v)s") % {"v": cell("published")},
                )
            )
        else:
            if published is not None:
                data["published_on"] = published
        key = (
            data["survey_name"].lower(),
            data.get("year"),
            data["area"].pk if data["area"] else None,
            data["question"].lower(),
        )
        if key in seen:
            errors.append(
                RowError(
                    line,
                    "question",
                    _("Same survey, year, area and question as line %(l)s.") % {"l": seen[key]},
                )
            )
        else:
            seen[key] = line
        if not errors:
            try:
                SurveyResult(**data).full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    errors += [RowError(line, column, m) for m in messages]
        if errors:
            result.add_errors(errors)
        else:
            result.rows.append((line, data))
    if not result.rows and not result.errors:
        result.file_error = _("The file has no rows below the header.")
    return HEADINGS.name_errors(result)


def check_file(name: str, content: bytes) -> CheckResult:
    """Read and check an uploaded file; a file that cannot be read is one file error."""
    try:
        return check_rows(read_table(name, content, max_rows=settings.IMPORT_MAX_ROWS))
    except ValidationError as error:
        return CheckResult(file_error=" ".join(error.messages))
    except csv.Error as error:
        return CheckResult(file_error=_("The CSV file could not be read: %(e)s") % {"e": error})


def template_file(fmt: str) -> tuple[str, str, bytes]:
    """The downloadable template: the header and example rows."""
    examples = [
        [
            "Trygghetsmätning 2023",
            2023,
            "Hela Västerås",
            "Otrygg ute sent en kväll i området",
            "21,5",
            "",
            4120,
            "2023-11-15",
        ],
        [
            "Trygghetsmätning 2023",
            2023,
            "Bäckby",
            "Otrygg ute sent en kväll i området",
            "34,0",
            "",
            212,
            "2023-11-15",
        ],
        [
            "Trygghetsmätning 2023",
            2023,
            "Skultuna",
            "Trygghet i området (1–10)",
            "",
            "7,4",
            96,
            "",
        ],
    ]
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "trygghetsmätning"
        sheet.append(HEADINGS.headings())
        for row in examples:
            sheet.append(
                [float(v.replace(",", ".")) if isinstance(v, str) and "," in v else v for v in row]
            )
        out = io.BytesIO()
        book.save(out)
        return (
            "trygghetsmatning-mall.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            out.getvalue(),
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADINGS.headings())
    writer.writerows(examples)
    return (
        "trygghetsmatning-mall.csv",
        "text/csv; charset=utf-8",
        ("\ufeff" + out.getvalue()).encode(),
    )
