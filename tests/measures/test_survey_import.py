"""Import of the trygghetsmätning: the dry run, every row error, all or nothing, the page."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.goals.services import survey_results_import
from measures.goals.survey_import import check_file, template_file
from measures.models import SurveyResult
from tests.factories import AreaFactory, SurveyResultFactory

HEADER = "survey;year;area;question;share_unsafe;mean_score;respondents\n"
Q = "Otrygg ute sent en kväll"


@pytest.fixture
def areas(db):
    return [AreaFactory(name="Bäckby"), AreaFactory(name="Skultuna")]


def check(text: str, name: str = "enkat.csv", encoding: str = "utf-8"):
    return check_file(name, text.encode(encoding))


def errors(result):
    return [(e.line, e.column, e.message) for e in result.errors]


def test_a_good_file_passes_with_swedish_numbers_and_the_whole_city(areas):
    result = check(
        HEADER
        + f"Trygghetsmätning 2023;2023;Bäckby;{Q};34,5 %;;212\n"
        + f"Trygghetsmätning 2023;2023;Hela Västerås;{Q};21.5;;4120\n"
        + "Trygghetsmätning 2023;2023;skultuna;Trygghet (1–10);;7,4;96\n"
    )
    assert result.ok, errors(result)
    rows = [data for _line, data in result.rows]
    assert rows[0]["share_unsafe"] == Decimal("34.5") and rows[0]["area"] == areas[0]
    assert rows[1]["area"] is None
    assert rows[2]["mean_score"] == Decimal("7.4") and rows[2]["area"] == areas[1]


def test_every_bad_row_is_reported_with_line_column_and_reason(areas):
    result = check(
        HEADER
        + f"T1;2023;Bäckby;{Q};abc;;100\n"  # bad number
        + f"T2;2023;Atlantis;{Q};20;;100\n"  # unknown area
        + f"T3;2023;Skultuna;{Q};120;;100\n"  # share above 100
        + f"T4;20x3;Skultuna;{Q};20;;100\n"  # bad year
        + f"T5;2023;Skultuna;{Q};20;;12,5\n"  # respondents not whole
        + f"T6;2023;Skultuna;{Q};;;100\n"  # neither share nor mean
        + f"T7;2023;Bäckby;{Q};30;;100\n"  # fine …
        + f"t7;2023;bäckby;{Q};31;;100\n"  # … and the same row again
    )
    assert not result.ok
    got = errors(result)
    assert (2, "Andel otrygga (%)", "Inget tal: abc") in got
    assert (3, "Område", "Okänt område: Atlantis") in got
    assert (4, "Andel otrygga (%)", "En andel i procent, 0–100: 120") in got
    assert (5, "År", "Inte ett år (t.ex. 2023): 20x3") in got
    assert (6, "Antal svarande", "Ett heltal svarande: 12,5") in got
    assert (7, "Andel otrygga (%)", "Ange andelen otrygga, medelvärdet eller båda.") in got
    assert (9, "Fråga", "Samma enkät, år, område och fråga som rad 8.") in got
    assert [line for line, _ in result.rows] == [8]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen är tom."),
        (HEADER.encode(), "Filen har inga rader under rubrikraden."),
        (b"survey;year;question\nT;2023;Q\n", "Kolumner saknas: Andel otrygga (%), Antal svarande"),
        ((HEADER + f"T;2023;Bäckby;{Q};20;;100\n").encode("utf-16"), "teckenkodning"),
        (b"PK\x03\x04 not really a workbook", "XLSX"),
    ],
    ids=["empty", "header only", "missing columns", "utf-16", "broken xlsx"],
)
def test_unreadable_files_give_one_clear_file_error(areas, content, message):
    name = "enkat.xlsx" if content.startswith(b"PK") else "enkat.csv"
    result = check_file(name, content)
    assert not result.ok
    assert message.lower() in result.file_error.lower()


def test_windows_encoded_csv_is_read(areas):
    result = check(HEADER + f"T 2023;2023;Bäckby;{Q};20;;100\n", encoding="cp1252")
    assert result.ok and result.rows[0][1]["area"] == areas[0]


def test_the_xlsx_template_imports_as_it_is(areas):
    name, _mimetype, content = template_file("xlsx")
    result = check_file(name, content)
    assert result.ok, errors(result)
    assert survey_results_import(rows=result.rows) == {"created": 3, "updated": 0, "unchanged": 0}
    assert survey_results_import(rows=result.rows) == {"created": 0, "updated": 0, "unchanged": 3}


def test_the_csv_template_checks_clean(areas):
    name, _mimetype, content = template_file("csv")
    assert check_file(name, content).ok


def test_reimport_updates_changed_figures_and_keeps_the_rest(areas):
    SurveyResultFactory(survey_name="T", year=2023, area=areas[0], question=Q, share_unsafe=30)
    result = check(HEADER + f"T;2023;Bäckby;{Q};28,0;;150\nT;2023;;{Q};20;;900\n")
    assert survey_results_import(rows=result.rows) == {"created": 1, "updated": 1, "unchanged": 0}
    row = SurveyResult.objects.get(area=areas[0])
    assert (row.share_unsafe, row.respondents) == (Decimal("28.0"), 150)


def _upload(text: str, name="enkat.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_import_page_checks_first_and_imports_all_or_nothing(client, role_users, areas):
    client.force_login(role_users["samordnare"])
    url = reverse("measures:survey_import")
    good = HEADER + f"T;2023;Bäckby;{Q};30;;100\n"
    bad = good + f"T;2023;Atlantis;{Q};30;;100\n"
    page = client.post(url, {"file": _upload(good), "check": "1"}).content.decode()
    assert "Filen är bra: 1 rad kan importeras." in page
    assert not SurveyResult.objects.exists()  # a check saves nothing
    page = client.post(url, {"file": _upload(bad), "import": "1"}).content.decode()
    assert "1 problem hittades; ingenting importerades." in page and "Atlantis" in page
    assert not SurveyResult.objects.exists()  # one bad row: nothing imported
    response = client.post(url, {"file": _upload(good), "import": "1"})
    assert response.status_code == 302 and response.url == reverse("measures:survey_compare")
    assert SurveyResult.objects.count() == 1


@pytest.mark.django_db
def test_comparison_page_shows_areas_by_year_and_too_few_answers(client, role_users, areas):
    SurveyResultFactory(year=2021, area=areas[0], share_unsafe=40, respondents=200)
    SurveyResultFactory(year=2023, area=areas[0], share_unsafe=35, respondents=180)
    SurveyResultFactory(year=2023, area=areas[1], share_unsafe=12, respondents=12)
    SurveyResultFactory(year=2023, area=None, share_unsafe=22, respondents=4000)
    client.force_login(role_users["polis"])
    page = client.get(reverse("measures:survey_compare")).content.decode()
    assert "<svg" in page
    table = page[page.index('data-testid="survey-table"') :]
    assert table.index("Hela Västerås") < table.index("Bäckby") < table.index("Skultuna")
    assert "35,0" in table and "för få svar" in table
    assert "12,0" not in table  # the too-few figure itself is not shown
    assert reverse("measures:survey_import") not in page  # the police read only


@pytest.mark.django_db
def test_template_download(client, role_users):
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("measures:survey_template", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Mätning", "År", "Område"]
    assert client.get(reverse("measures:survey_template", args=["pdf"])).status_code == 404


def test_the_publication_day_is_read_and_kept_when_a_later_file_has_none(areas):
    dated = "survey;year;area;question;share_unsafe;mean_score;respondents;published\n"
    result = check(dated + f"T;2023;Bäckby;{Q};30;;100;2023-11-15\nT;2023;Skultuna;{Q};9;;90;\n")
    assert result.ok, errors(result)
    survey_results_import(rows=result.rows)
    row = SurveyResult.objects.get(area=areas[0])
    assert row.published_on == dt.date(2023, 11, 15)
    assert SurveyResult.objects.get(area=areas[1]).published_on is None
    # The same figures again without the column: the day stays as it was.
    again = check(HEADER + f"T;2023;Bäckby;{Q};31;;100\n")
    assert survey_results_import(rows=again.rows) == {"created": 0, "updated": 1, "unchanged": 0}
    row.refresh_from_db()
    assert (row.share_unsafe, row.published_on) == (Decimal("31.0"), dt.date(2023, 11, 15))
    bad = check(dated + f"T;2023;Bäckby;{Q};30;;100;15/11/2023\n")
    assert (2, "Publicerad", "Inte ett datum (t.ex. 2023-06-15): 15/11/2023") in errors(bad)
