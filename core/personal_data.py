"""The personal-data guard: free text must hold no personnummer, phone, e-mail or plate.

EST looks at places, times and situations, never at individuals (docs/privacy.md), so
the free text of incidents, weekly and annual assessments, follow-ups and minutes is
refused at entry, import and API when it holds one of:

- a personnummer or samordningsnummer (YYMMDD-NNNN or YYYYMMDDNNNN, "+" after 100
  years) whose date exists (a samordningsnummer adds 60 to the day) and whose last
  digit is the Luhn check digit of the nine before it (Skatteverket's rule);
- a Swedish phone number: 0 or +46/0046, then 7–9 digits (mobile 07x, area codes),
  with spaces or hyphens between groups;
- an e-mail address;
- a vehicle registration number: three letters (not I, Q, V, Å, Ä, Ö) and two digits,
  then a digit or a letter (not O): ABC123, ABC 12D.

Dates, police case numbers (5000-K123456-23), amounts (1 500 000 kr) and ten-digit
numbers that fail the check digit are not matched (tests/test_personal_data.py).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KINDS = {
    "personnummer": gettext_lazy("a personal identity number"),
    "samordningsnummer": gettext_lazy("a co-ordination number"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an e-mail address"),
    "plate": gettext_lazy("a vehicle registration number"),
}

_ID = re.compile(r"(?<![\d-])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+])?\s?(\d{4})(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w+-])(?:(?:\+46|0046)[\s-]?(?:\(0\))?[\s-]?|0)[1-9](?:[\s-]?\d){6,8}(?![\d-])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PLATE = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3}\s?\d{2}[0-9A-HJ-NPR-UW-Z](?![\w-])")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def luhn_ok(digits: str) -> bool:
    """Whether the last digit is the Luhn check digit of the others (ten digits)."""
    total = 0
    for i, ch in enumerate(digits[:-1]):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10 == int(digits[-1])


def _identity_kind(match: re.Match, today: dt.date) -> str | None:
    # Ten bare digits (8501011234) are checked as well: the date and the check digit
    # keep most other numbers out.
    century, yy, mm, dd, sign, last4 = match.groups()
    day = int(dd)
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    if century is not None:
        year = int(century + yy)
    else:
        year = 2000 + int(yy)
        if year > today.year:
            year -= 100
        if sign == "+":
            year -= 100
    try:
        dt.date(year, int(mm), day)
    except ValueError:
        return None
    if not luhn_ok(yy + mm + dd + last4):
        return None
    return kind


def find_personal_data(text: str, *, today: dt.date | None = None) -> list[Finding]:
    """Every piece of `text` that looks like personal data, in the order found."""
    if not text:
        return []
    today = today or dt.date.today()
    found = []
    for match in _ID.finditer(text):
        kind = _identity_kind(match, today)
        if kind:
            found.append((match.start(), Finding(kind, match.group(0).strip())))
    for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("plate", _PLATE)):
        for match in pattern.finditer(text):
            if kind == "phone" and any(
                start <= match.start() < start + len(f.text) for start, f in found
            ):
                continue
            found.append((match.start(), Finding(kind, match.group(0).strip())))
    return [f for _start, f in sorted(found, key=lambda pair: pair[0])]


def message(findings: list[Finding]) -> str:
    """The Swedish (translated) message that points at the text to remove."""
    first = findings[0]
    return _(
        "The text holds what looks like %(kind)s: “%(text)s”. Free text must not hold "
        "personal data: remove it, or describe the situation without it."
    ) % {"kind": first.label, "text": first.text}


def validate_no_personal_data(value: str) -> None:
    """A model field validator: refuse text with a personnummer, phone, e-mail or plate."""
    findings = find_personal_data(value)
    if findings:
        raise ValidationError(message(findings), code="personal_data")
