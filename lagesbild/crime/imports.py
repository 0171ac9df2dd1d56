"""Imports of the official statistics: Brå's reported crimes, the police's extract by crime
code, SCB's populations, Brå's NTU and the list of crime codes.

Every file is read with core/tabular.py's streaming reader (CSV or XLSX, the row limit
IMPORT_MAX_ROWS, the upload limit MAX_UPLOAD_SIZE), every row is checked, and a file with
any bad row writes nothing: each problem is listed with its line, column and a Swedish
message. A file that passes is written in one transaction; importing it again changes
nothing (a figure is keyed on region, category and period, and the file's value wins).

Layouts (headings are matched without regard to case; Swedish as published, English
aliases accepted):

- bra (Brå's statistikdatabas, "Anmälda brott", exported as CSV or XLSX): Region,
  Brottskategori (or Brott/Brottstyp), År, Kvartal (optional), Antal. The years may also be
  columns (2020, 2021, … as the database's table view exports them); ".." (not published)
  and the total rows ("Samtliga brott") are skipped.
- polisen (an extract from the police's systems): Brottskod, Datum (YYYY-MM-DD) or År and
  Kvartal, Antal (optional, 1 per row), Kommunkod (optional, Västerås 1980). Rows are summed
  per crime category through the crime-code reference table.
- befolkning (SCB, folkmängd 31 december): Region, År, Folkmängd (or the years as columns).
- ntu (Brå's NTU): Region, År, Andel (%) (the share who feel unsafe), Fråga (optional).
- brottskoder: Brottskod, Benämning, Brottskategori.

A region is named by its code ("1980", "1980 Västerås", "19 Västmanlands län", "00 Riket",
"B3 Större stad") or by its exact name; unknown regions and categories are row errors.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import FORMULA_WITHOUT_VALUE, CheckResult, RowError, read_table

from ..models import (
    CrimeCategory,
    CrimeCode,
    NtuResult,
    RegionPopulation,
    ReportedCrime,
    StatisticsRegion,
)
from ..models.crime import NTU_QUESTION

# The municipality whose police extract this is when a row names none (Västerås).
HOME_MUNICIPALITY = "1980"
FIRST_YEAR = 1990
# Brå's marks for a figure that is not published, and the totals the categories add up to.
NOT_PUBLISHED = {"..", "…", "."}
# Totals and subtotals of Brå's tables: the main categories add up to them.
TOTAL_ROWS = {
    "samtliga brott",
    "totalt",
    "total",
    "alla brott",
    "samtliga",
    "brott mot brottsbalken",
    "brott mot övriga författningar",
}
# Names Brå and SCB use for the whole country.
COUNTRY_NAMES = {"hela landet", "riket", "sverige", "00 riket"}


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    # column key → accepted headings (lower case)
    columns: dict[str, tuple[str, ...]]
    required: frozenset[str]
    years_as_columns: bool = False


FORMATS = {
    "bra": Format(
        "bra",
        gettext_lazy("Brå: reported crimes"),
        {
            "region": ("region", "område", "kommun", "län", "regionkod"),
            "category": ("brottskategori", "brott", "brottstyp", "kategori", "category"),
            "year": ("år", "year", "ar", "period"),
            "quarter": ("kvartal", "quarter"),
            "count": ("antal", "antal brott", "antal anmälda brott", "anmälda brott", "count"),
        },
        frozenset({"region", "category", "year", "count"}),
        years_as_columns=True,
    ),
    "polisen": Format(
        "polisen",
        gettext_lazy("Police: extract by crime code"),
        {
            "code": ("brottskod", "brottskod (bk)", "crime code", "code"),
            "date": ("datum", "brottsdatum", "anmälningsdatum", "date"),
            "year": ("år", "year", "ar"),
            "quarter": ("kvartal", "quarter"),
            "count": ("antal", "count"),
            "region": ("kommunkod", "kommun", "region"),
        },
        frozenset({"code"}),
    ),
    "befolkning": Format(
        "befolkning",
        gettext_lazy("SCB: population"),
        {
            "region": ("region", "kommun", "län", "regionkod"),
            "year": ("år", "year", "ar"),
            "count": ("folkmängd", "befolkning", "invånare", "antal invånare", "population"),
        },
        frozenset({"region", "year", "count"}),
        years_as_columns=True,
    ),
    "ntu": Format(
        "ntu",
        gettext_lazy("Brå: NTU, share who feel unsafe"),
        {
            "region": ("region", "kommun", "län", "regionkod"),
            "year": ("år", "year", "ar"),
            "share": ("andel (%)", "andel", "andel otrygga (%)", "andel otrygga", "procent"),
            "question": ("fråga", "question", "indikator"),
        },
        frozenset({"region", "year", "share"}),
    ),
    "brottskoder": Format(
        "brottskoder",
        gettext_lazy("Crime codes and their categories"),
        {
            "code": ("brottskod", "code"),
            "name": ("benämning", "namn", "name", "brott"),
            "category": ("brottskategori", "kategori", "category"),
        },
        frozenset({"code", "name", "category"}),
    ),
}
HEADINGS = {
    "region": "Region",
    "category": "Brottskategori",
    "year": "År",
    "quarter": "Kvartal",
    "count": "Antal",
    "code": "Brottskod",
    "date": "Datum",
    "share": "Andel (%)",
    "question": "Fråga",
    "name": "Benämning",
}


@dataclass
class StatisticsCheck(CheckResult):
    """A checked statistics file: its figures keyed for writing, and what was skipped."""

    kind: str = ""
    figures: dict = field(default_factory=dict)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.figures)

    @property
    def figure_count(self) -> int:
        return len(self.figures)


@dataclass
class StatisticsResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _norm(text) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).lower()


def _strip_note(name: str) -> str:
    """'Skadegörelsebrott (12 kap. BrB)' → 'skadegörelsebrott'."""
    return _norm(re.sub(r"\s*\(.*\)\s*$", "", str(name)))


class _Lookups:
    def __init__(self):
        self.regions_by_code = {r.code: r for r in StatisticsRegion.objects.all()}
        self.regions_by_name = {}
        for region in self.regions_by_code.values():
            self.regions_by_name[_norm(region.name)] = region
            self.regions_by_name[_norm(region.name).removesuffix(" kommun")] = region
        self.categories = {}
        for category in CrimeCategory.objects.all():
            self.categories[_norm(category.code)] = category
            self.categories[_strip_note(category.name)] = category
        self.codes = {c.code: c for c in CrimeCode.objects.select_related("category")}

    def region(self, value):
        text = _norm(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(int(value)).zfill(4 if value >= 100 else 2)
        match = re.match(r"^([0-9]{4}|[0-9]{2}|[abc][1-9])(\s|$)", text)
        if match:
            return self.regions_by_code.get(match.group(1).upper())
        if text in COUNTRY_NAMES:
            return self.regions_by_code.get("00")
        return self.regions_by_name.get(text) or self.regions_by_name.get(text + " kommun")

    def category(self, value):
        """By code or name; "3-7 kap. Brott mot person" (Brå's tables) by either."""
        found = self.categories.get(_norm(value)) or self.categories.get(_strip_note(value))
        match = re.match(r"^([0-9]+(?:-[0-9]+)?) kap\.? (.+)$", _strip_note(value))
        if not found and match:
            found = self.categories.get(match.group(1)) or self.categories.get(match.group(2))
        return found


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value) -> int:
    """A whole number ≥ 0 from a cell ('1 234', 1234, 1234.0); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        text = str(value).replace("\u00a0", "").replace(" ", "")
        if not re.fullmatch(r"[0-9]+", text):
            raise ValueError
        number = int(text)
    if number < 0 or number > 2**31 - 1:
        raise ValueError
    return number


def _year(value) -> int:
    year = _integer(value)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValueError
    return year


def _quarter(value) -> tuple[int | None, int | None]:
    """(year or None, quarter) from '3', 'Kv 3', 'Kvartal 3', 'Q3', '2023K3'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = _norm(value).replace(" ", "")
    match = re.fullmatch(r"(?:([0-9]{4})[-]?)?(?:kvartal|kv|k|q)?([1-4])", text)
    if not match:
        raise ValueError
    return (int(match.group(1)) if match.group(1) else None), int(match.group(2))


def _share(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    text = str(value).replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", ".")
    try:
        share = Decimal(text).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ValueError from None
    if not Decimal(0) <= share <= Decimal(100):
        raise ValueError
    return share


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _header(fmt: Format, header: list[str]) -> tuple[dict[str, str], list[str], str]:
    """({column: the file's heading}, year headings when years are columns, file error)."""
    aliases = {alias: key for key, names in fmt.columns.items() for alias in names}
    used: dict[str, str] = {}
    year_columns = []
    for name in header:
        key = aliases.get(_norm(name))
        if key and key not in used:
            used[key] = name
        elif key:
            return (
                used,
                [],
                _("The column %(a)s is given twice (also as %(b)s).")
                % {
                    "a": name,
                    "b": used[key],
                },
            )
        elif fmt.years_as_columns and re.fullmatch(r"[0-9]{4}", _norm(name)):
            year_columns.append(name)
    required = set(fmt.required)
    if year_columns and "year" not in used:
        required -= {"year", "count"}
    if fmt.key == "polisen" and "date" not in used and "year" not in used:
        return used, [], _("Give either a column Datum or a column År (and Kvartal).")
    missing = required - set(used)
    if missing:
        return (
            used,
            [],
            _("Columns missing: %(cols)s.")
            % {"cols": ", ".join(HEADINGS[c] for c in fmt.columns if c in missing)},
        )
    return used, ([] if "year" in used else year_columns), ""


def _rows(fmt, used, year_columns, rows):
    """(line, {column: value}, heading of the count) per figure: a file with the years as
    columns gives one per year cell."""
    for line, row in rows:
        values = {key: row.get(name.strip().lower(), "") for key, name in used.items()}
        if not year_columns:
            heading = used.get("count", HEADINGS["count"])
            yield line, values, heading[:1].upper() + heading[1:]
            continue
        for heading in year_columns:
            yield (
                line,
                values | {"year": heading, "count": row.get(heading.strip().lower())},
                heading,
            )


def check_file(kind: str, name: str, content: bytes) -> StatisticsCheck:
    """Read and check a statistics file of `kind`; nothing is written."""
    fmt = FORMATS[kind]
    result = StatisticsCheck(kind=kind)
    if len(content) > settings.MAX_UPLOAD_SIZE:
        result.file_error = _("The file is larger than the upload limit.")
        return result
    try:
        table = read_table(name, content, max_rows=settings.IMPORT_MAX_ROWS)
        used, year_columns, error = _header(fmt, table.header)
        if error:
            result.file_error = error
            return result
        lookups = _Lookups()
        for line, values, count_heading in _rows(fmt, used, year_columns, table.rows):
            errors = _check(fmt, line, values, count_heading, lookups, result)
            if errors:
                result.add_errors(errors)
    except ValidationError as error:
        result.file_error = " ".join(error.messages)
    if not result.file_error and not result.errors and not result.figures:
        result.file_error = _("The file holds no figures.")
    return result


def _check(fmt, line, values, count_heading, lookups, result) -> list[RowError]:
    errors: list[RowError] = []

    def error(column, message):
        errors.append(RowError(line, column, message))

    for key, value in values.items():
        if value is FORMULA_WITHOUT_VALUE:
            error(HEADINGS.get(key, key), _("A formula without a saved value; save the value."))
    if errors:
        return errors
    if fmt.key == "bra" and _strip_note(values.get("category", "")) in TOTAL_ROWS:
        result.skipped += 1
        return []
    count = values.get("count")
    if (
        fmt.key in ("bra", "befolkning")
        and isinstance(count, str)
        and count.strip() in NOT_PUBLISHED
    ):
        result.skipped += 1
        return []
    if fmt.key == "bra":
        return _check_bra(values, count_heading, lookups, result, error) or errors
    if fmt.key == "polisen":
        return _check_police(values, lookups, result, error) or errors
    if fmt.key == "befolkning":
        return _check_population(values, count_heading, lookups, result, error) or errors
    if fmt.key == "ntu":
        return _check_ntu(values, lookups, result, error) or errors
    return _check_codes(values, lookups, result, error) or errors


def _region(values, lookups, error, column="Region"):
    value = values.get("region")
    if _blank(value):
        error(column, _("The region is missing."))
        return None
    region = lookups.region(value)
    if region is None:
        error(
            column,
            _("Unknown region “%(value)s”; give its official code (e.g. 1980, 19, 00, B3).")
            % {"value": value},
        )
    return region


def _year_and_quarter(values, error):
    year = quarter = None
    try:
        year = _year(values.get("year"))
    except (ValueError, TypeError):
        # A period as Brå's database writes it: "2023K3", "2023 kv 3".
        try:
            year, quarter = _quarter(values.get("year"))
            if year is None or not FIRST_YEAR <= year <= timezone.localdate().year:
                raise ValueError
        except (ValueError, TypeError):
            year = quarter = None
            error(
                "År",
                _("The year must be a year from %(first)s to this year.") % {"first": FIRST_YEAR},
            )
        else:
            if not _blank(values.get("quarter")):
                error("Kvartal", _("The period already names the quarter."))
            return year, quarter
    if not _blank(values.get("quarter")):
        try:
            quarter_year, quarter = _quarter(values["quarter"])
        except ValueError:
            error("Kvartal", _("The quarter must be 1, 2, 3 or 4 (or e.g. Kv 3, 2023K3)."))
        else:
            if quarter_year and year and quarter_year != year:
                error("Kvartal", _("The quarter belongs to another year than the row's."))
    return year, quarter


def _add(result, key, count, error, column):
    if key in result.figures and result.kind != "polisen":
        error(column, _("The same region, category and period is given twice in the file."))
        return
    result.figures[key] = result.figures.get(key, 0) + count


def _check_bra(values, count_heading, lookups, result, error):
    region = _region(values, lookups, error)
    category = None
    if _blank(values.get("category")):
        error("Brottskategori", _("The crime category is missing."))
    else:
        category = lookups.category(values["category"])
        if category is None:
            error(
                "Brottskategori",
                _("Unknown crime category “%(value)s”; see the list of categories.")
                % {"value": values["category"]},
            )
    year, quarter = _year_and_quarter(values, error)
    try:
        count = _integer(values.get("count"))
    except (ValueError, TypeError):
        error(count_heading, _("The count must be a whole number, 0 or more."))
        return
    if region and category and year:
        _add(result, (region.pk, category.pk, year, quarter), count, error, count_heading)


def _check_police(values, lookups, result, error):
    raw = values.get("code")
    crime_code = None
    if _blank(raw):
        error("Brottskod", _("The crime code is missing."))
    else:
        text = str(int(raw)) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw
        code = str(text).strip().zfill(4)
        crime_code = lookups.codes.get(code)
        if crime_code is None:
            error(
                "Brottskod",
                _("Unknown crime code “%(value)s”; add it to the crime codes first.")
                % {"value": raw},
            )
    region = lookups.regions_by_code.get(HOME_MUNICIPALITY)
    if not _blank(values.get("region")):
        region = _region(values, lookups, error, column="Kommunkod")
    elif region is None:
        error("Kommunkod", _("Give the municipality code (kommunkod)."))
    if region is not None and region.kind != StatisticsRegion.Kind.MUNICIPALITY:
        error("Kommunkod", _("A police extract is per municipality; give a kommunkod."))
        region = None
    year = quarter = None
    if not _blank(values.get("date")):
        try:
            day = _date(values["date"])
            if not day.year >= FIRST_YEAR or day > timezone.localdate():
                raise ValueError
            year, quarter = day.year, (day.month - 1) // 3 + 1
        except (ValueError, TypeError):
            error("Datum", _("The date must be YYYY-MM-DD and not in the future."))
    else:
        year, quarter = _year_and_quarter(values, error)
    count = 1
    if not _blank(values.get("count")):
        try:
            count = _integer(values["count"])
        except (ValueError, TypeError):
            error("Antal", _("The count must be a whole number, 0 or more."))
            return
    if crime_code and region and year:
        _add(result, (region.pk, crime_code.category_id, year, quarter), count, error, "Antal")


def _check_population(values, count_heading, lookups, result, error):
    region = _region(values, lookups, error)
    year = _year_and_quarter({"year": values.get("year")}, error)[0]
    try:
        population = _integer(values.get("count"))
        if population < 1:
            raise ValueError
    except (ValueError, TypeError):
        error(count_heading, _("The population must be a whole number, 1 or more."))
        return
    if region and year:
        _add(result, (region.pk, year), population, error, count_heading)


def _check_ntu(values, lookups, result, error):
    region = _region(values, lookups, error)
    year = _year_and_quarter({"year": values.get("year")}, error)[0]
    try:
        share = _share(values.get("share"))
    except (ValueError, TypeError):
        error("Andel (%)", _("The share must be a percentage from 0 to 100, e.g. 27,5."))
        return
    question = str(values.get("question") or "").strip()[:200] or NTU_QUESTION
    if year and year < 2006:
        error("År", _("NTU exists from 2006; give a year from 2006 on."))
        return
    if region and year:
        _add(result, (region.pk, year, question), share, error, "Andel (%)")


def _check_codes(values, lookups, result, error):
    raw = values.get("code")
    text = str(int(raw)) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw
    code = str(text or "").strip().zfill(4)
    if not re.fullmatch(r"[0-9]{4}", code):
        error("Brottskod", _("A crime code is four digits."))
    name = str(values.get("name") or "").strip()
    if not name or len(name) > 200:
        error("Benämning", _("Give the crime's name (at most 200 characters)."))
    category = lookups.category(values.get("category") or "")
    if category is None:
        error(
            "Brottskategori",
            _("Unknown crime category “%(value)s”; see the list of categories.")
            % {"value": values.get("category") or ""},
        )
    if not category or not name or not re.fullmatch(r"[0-9]{4}", code):
        return
    if code in result.figures:
        error("Brottskod", _("The crime code is given twice in the file."))
        return
    result.figures[code] = (name, category.pk)


def write(check: StatisticsCheck, *, demo: bool = False) -> StatisticsResult:
    """Write a checked file's figures, all or nothing; ValueError if the check failed."""
    if not check.ok:
        raise ValueError("Only a file that passed its check is written.")
    result = StatisticsResult()
    with transaction.atomic():
        for key, value in check.figures.items():
            obj, created = _upsert(check.kind, key, value, demo)
            if created:
                result.created += 1
            elif obj:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def _upsert(kind, key, value, demo):
    """(the written object or None when nothing changed, created)."""
    if kind in ("bra", "polisen"):
        region, category, year, quarter = key
        model = ReportedCrime
        lookup = {
            "source": ReportedCrime.Source.BRA if kind == "bra" else ReportedCrime.Source.POLICE,
            "region_id": region,
            "category_id": category,
            "year": year,
            "quarter": quarter,
        }
        values = {"count": value, "is_demo": demo}
    elif kind == "befolkning":
        model, lookup = RegionPopulation, {"region_id": key[0], "year": key[1]}
        values = {"population": value, "is_demo": demo}
    elif kind == "ntu":
        model = NtuResult
        lookup = {"region_id": key[0], "year": key[1], "question": key[2]}
        values = {"share_unsafe": value, "is_demo": demo}
    else:
        model, lookup = CrimeCode, {"code": key}
        values = {"name": value[0], "category_id": value[1]}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, v in values.items() if getattr(obj, name) != v]
    if not changed:
        return None, False
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save()
    return obj, False


def import_path(kind: str, path: Path, *, dry_run: bool = False, demo: bool = False):
    """Check and (unless dry_run or the check fails) write a file from disk.
    Returns (check, result or None)."""
    path = Path(path)
    if path.stat().st_size > settings.MAX_UPLOAD_SIZE:
        check = StatisticsCheck(
            kind=kind, file_error=_("The file is larger than the upload limit.")
        )
        return check, None
    check = check_file(kind, path.name, path.read_bytes())
    if dry_run or not check.ok:
        return check, None
    return check, write(check, demo=demo)
