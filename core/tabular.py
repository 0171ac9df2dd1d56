"""Tabular files every import and export shares: reading CSV/XLSX into rows, row errors,
and neutralising cells a spreadsheet would run as formulas."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


def read_rows(name: str, content: bytes) -> list[dict]:
    """Rows as dicts keyed by lower-case header; raises ValidationError for a bad file."""
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
        sheet = book.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            raise ValidationError(_("The file is empty."))
        header = [str(v or "").strip().lower() for v in values[0]]
        return [
            {h: ("" if v is None else v) for h, v in zip(header, row, strict=False) if h}
            for row in values[1:]
        ]
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
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [f.strip().lower() for f in reader.fieldnames or []]
    return list(reader)


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

    def normalise(self, rows: list[dict]) -> list[dict]:
        """Rows keyed by code key, whichever heading the file used."""
        aliases = self._aliases()
        return [{aliases.get(str(k).strip().lower(), k): v for k, v in row.items()} for row in rows]

    def name_errors(self, result: CheckResult) -> CheckResult:
        """Row errors name their column by heading, not by code key."""
        for error in result.errors:
            error.column = self.heading(error.column)
        return result
