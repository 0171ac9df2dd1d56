"""Tabular files every import and export shares: reading CSV/XLSX into rows, row errors,
and neutralising cells a spreadsheet would run as formulas."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import formatting

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A spreadsheet must not run a cell as a formula: prefix those with an apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class CheckResult:
    """Rows that passed and row errors; only the first `max_errors` errors are kept, all
    are counted (a file of a million bad rows must not hold a million messages)."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    error_count: int = 0
    rejected_rows: int = 0
    max_errors: int = field(default_factory=lambda: settings.IMPORT_MAX_ERRORS_SHOWN)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)

    def add_errors(self, errors: list[RowError]) -> None:
        """One row's errors: count them all, keep the first `max_errors` of the file."""
        self.error_count += len(errors)
        self.rejected_rows += bool(errors)
        room = self.max_errors - len(self.errors)
        if room > 0:
            self.errors += errors[:room]

    @property
    def errors_cut(self) -> bool:
        return self.error_count > len(self.errors)


class _FormulaWithoutValue:
    """A spreadsheet cell holding a formula whose result was never saved in the file."""

    def __repr__(self):
        return "FORMULA_WITHOUT_VALUE"

    def __str__(self):
        return ""


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()
BLANK = ("", None)
# A header wider than this is no import file: the rest of each row is not read.
MAX_COLUMNS = 100


class TooManyRows(ValidationError):
    """The file has more rows than one import takes."""


@dataclass
class Table:
    """A file's header (stripped, lower case) and its real rows as (line, {header: value}).

    Rows are read as they are iterated, blank rows are skipped (they are not rows), and
    the row after the `max_rows`-th raises TooManyRows: time and memory follow the file's
    real content, never a row count the file merely claims.
    """

    header: list[str]
    rows: Iterator[tuple[int, dict]]


def _is_blank(values) -> bool:
    return all((v.strip() if isinstance(v, str) else v) in BLANK for v in values)


def _limited(rows: Iterator[tuple[int, dict]], max_rows: int | None):
    for n, row in enumerate(rows, start=1):
        if max_rows is not None and n > max_rows:
            raise TooManyRows(
                _("The file has more than %(n)s rows; split it into smaller files.")
                % {"n": formatting.number(max_rows)}
            )
        yield row


def read_table(name: str, content: bytes, *, max_rows: int | None = None) -> Table:
    """The file as a Table; raises ValidationError for a file that cannot be read."""
    if name.lower().endswith(".xlsx"):
        header, rows = _xlsx(content)
    else:
        header, rows = _csv(content)
    return Table(header=header, rows=_limited(rows, max_rows))


def read_rows(name: str, content: bytes) -> list[dict]:
    """The real rows as dicts keyed by lower-case header (blank rows left out)."""
    return [row for _line, row in read_table(name, content).rows]


def numbered(raw) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """(header, (line, row)…) of a Table, or of a list of dicts (line 2 onwards)."""
    if isinstance(raw, Table):
        return raw.header, raw.rows
    header = list(raw[0].keys()) if raw else []
    rows = enumerate(raw, start=2)
    return header, ((line, row) for line, row in rows if not _is_blank(row.values()))


def _csv(content: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise ValidationError(_("The file's encoding is unknown; save it as UTF-8."))
    if "\ufffd" in text or (encoding == "cp1252" and not _looks_like_text(text)):
        raise ValidationError(
            _("The file's characters could not be read (encoding). Save it as CSV UTF-8.")
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    # The rows are decoded as they are read: a whole decoded copy of a 20 MB file (and
    # StringIO's own copy of it) cost ~100 MB more than the bytes.
    del text
    reader = csv.reader(
        io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline=""), dialect=dialect
    )
    header = [h.strip().lower() for h in next(reader, [])][:MAX_COLUMNS]

    def rows():
        for values in reader:
            if _is_blank(values):
                continue
            yield reader.line_num, dict(zip(header, values, strict=False))

    return header, rows()


def _xlsx(content: bytes):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as error:
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
    rows = _xlsx_rows(book, sheet)
    try:
        _line, first = next(rows)
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    header = [str(v or "").strip().lower() for v in first[:MAX_COLUMNS]]
    while header and not header[-1]:
        header.pop()

    def keyed():
        for line, values in rows:
            yield line, {h: v for h, v in zip(header, values, strict=False) if h}

    return header, keyed()


def _xlsx_rows(book, sheet):
    """(row number, values) of the rows the sheet really holds, in read-only mode.

    openpyxl's own row iterator pads every gap up to the row number a row claims (and to
    the declared dimension): a 5 KiB file with one row numbered 100 000 became 100 000
    rows. Its sheet parser yields only the rows in the file; we read those, keep the
    first MAX_COLUMNS columns, and mark formulas saved without a value.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FORMULA_WITHOUT_VALUE
            return cell

    try:
        with sheet._get_source() as source:
            parser = Parser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for line, cells in parser.parse():
                values = [None] * min(MAX_COLUMNS, max((c["column"] for c in cells), default=0))
                for cell in cells:
                    if cell["column"] <= MAX_COLUMNS:
                        values[cell["column"] - 1] = cell["value"]
                if not _is_blank(values):
                    yield line, values
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from error


def _looks_like_text(text: str) -> bool:
    # cp1252 maps nearly every byte; control characters betray a binary or UTF-16 file.
    return not any(ord(c) < 9 or 13 < ord(c) < 32 for c in text[:4096])


class Columns:
    """The columns of a file format: code keys with the headings people read.

    Files are written with the headings in the user's language ("Datum", "Tid på
    dygnet"); a file read back may use the Swedish or the English heading or the code key
    (older files), in any case. Row errors name the column by its heading.
    """

    LANGUAGES = ("sv", "en")

    def __init__(self, labels: dict):
        self.labels = labels  # key → lazy heading

    def headings(self) -> list[str]:
        return [str(label) for label in self.labels.values()]

    def heading(self, key: str) -> str:
        return str(self.labels.get(key, key))

    def _aliases(self) -> dict[str, str]:
        from django.utils import translation

        aliases = {key.lower(): key for key in self.labels}
        for language in self.LANGUAGES:
            with translation.override(language):
                aliases |= {str(label).strip().lower(): key for key, label in self.labels.items()}
        return aliases

    def column(self, heading: str) -> str | None:
        """The code key of a heading in any of the languages (None when unknown)."""
        return self._aliases().get(str(heading).strip().lower())

    def normalise(self, rows: list[dict]) -> list[dict]:
        """Rows keyed by code key, whichever heading the file used."""
        aliases = self._aliases()
        return [{aliases.get(str(k).strip().lower(), k): v for k, v in row.items()} for row in rows]

    def name_errors(self, result: CheckResult) -> CheckResult:
        """Row errors name their column by heading, not by code key."""
        for error in result.errors:
            error.column = self.heading(error.column)
        return result
