"""Imports of reported crime (Brå), the police's extract, populations, NTU and crime codes:
good files, each kind of bad row, nothing half-loaded, limits."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from lagesbild.crime import imports
from lagesbild.crime.seed import DEMO_FILES, DEMO_IMPORTS
from lagesbild.models import (
    CrimeCategory,
    CrimeCode,
    NtuResult,
    RegionPopulation,
    ReportedCrime,
    StatisticsRegion,
)


@pytest.fixture
def statistics_ref(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False)
    from lagesbild.crime.seed import CATEGORIES, REGIONS

    for code, name, order in CATEGORIES:
        CrimeCategory.objects.create(code=code, name=name, sort_order=order)
    for kind, code, name in REGIONS:
        StatisticsRegion.objects.create(kind=kind, code=code, name=name)
    CrimeCode.objects.create(
        code="0006", name="Klotter", category=CrimeCategory.objects.get(code="12")
    )
    CrimeCode.objects.create(
        code="0003", name="Stöld ur butik", category=CrimeCategory.objects.get(code="8")
    )


def check(kind, text, name="fil.csv"):
    return imports.check_file(kind, name, text.encode("utf-8"))


def errors_of(result):
    return [(e.line, e.column, e.message) for e in result.errors]


BRA = (
    "Region;Brottskategori;År;Kvartal;Antal\n"
    "1980 Västerås;Skadegörelsebrott (12 kap. BrB);2024;;2100\n"
    "19 Västmanlands län;Skadegörelsebrott;2024;;3900\n"
    "00 Riket;12;2024;;180000\n"
    "1980 Västerås;Samtliga brott;2024;;19000\n"
    "1980 Västerås;Skadegörelsebrott;2025;Kv 1;480\n"
    "1980 Västerås;Skadegörelsebrott;2025;2025K2;510\n"
)


def test_bra_file_in_the_published_layout_imports_and_reimports_unchanged(statistics_ref):
    result = check("bra", BRA)
    assert result.ok, errors_of(result)
    assert result.skipped == 1  # "Samtliga brott": the total the categories add up to
    written = imports.write(result)
    assert (written.created, written.updated) == (5, 0)
    vasteras = ReportedCrime.objects.get(region__code="1980", year=2024, quarter=None)
    assert vasteras.count == 2100 and vasteras.category.code == "12"
    assert vasteras.source == ReportedCrime.Source.BRA and not vasteras.is_demo
    assert ReportedCrime.objects.get(region__code="1980", year=2025, quarter=2).count == 510
    # The same file again changes nothing; a changed figure is updated, not doubled.
    assert imports.write(check("bra", BRA)).unchanged == 5
    again = imports.write(check("bra", BRA.replace(";2100", ";2200")))
    assert (again.created, again.updated) == (0, 1)
    assert ReportedCrime.objects.count() == 5


def test_bra_years_as_columns_and_unpublished_cells(statistics_ref):
    text = (
        "Region;Brottskategori;2023;2024\n"
        "1980 Västerås;Bedrägeribrott;1 950;..\n"
        "Riket;Bedrägeribrott;200000;210000\n"
    )
    result = check("bra", text)
    assert result.ok, errors_of(result)
    assert result.skipped == 1
    imports.write(result)
    assert sorted(ReportedCrime.objects.values_list("region__code", "year", "count")) == [
        ("00", 2023, 200000),
        ("00", 2024, 210000),
        ("1980", 2023, 1950),
    ]


def test_bra_xlsx_is_read_like_the_csv(statistics_ref):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Region", "Brottskategori", "År", "Antal"])
    sheet.append(["1980 Västerås", "Narkotikabrott", 2024, 1234])
    buffer = io.BytesIO()
    book.save(buffer)
    result = imports.check_file("bra", "bra.xlsx", buffer.getvalue())
    assert result.ok, errors_of(result)
    imports.write(result)
    assert ReportedCrime.objects.get().count == 1234


def test_every_kind_of_bad_bra_row_is_reported_and_nothing_is_written(statistics_ref):
    text = (
        "Region;Brottskategori;År;Kvartal;Antal\n"
        "1980 Västerås;Skadegörelsebrott;2024;;2100\n"  # fine
        "1234 Ingenstans;Skadegörelsebrott;2024;;5\n"  # unknown region
        "1980 Västerås;Fantasibrott;2024;;5\n"  # unknown category
        "1980 Västerås;Bedrägeribrott;1850;;5\n"  # year out of range
        "1980 Västerås;Bedrägeribrott;2024;5;5\n"  # quarter 5
        "1980 Västerås;Bedrägeribrott;2024;;-3\n"  # negative count
        "1980 Västerås;Narkotikabrott;2024;;3,5\n"  # not whole
        "1980 Västerås;Skadegörelsebrott;2024;;2100\n"  # twice
        "1980 Västerås;Trafikbrott;2024;2023K1;4\n"  # quarter of another year
    )
    result = check("bra", text)
    assert not result.ok
    found = errors_of(result)
    assert (3, "Region", found[0][2]) == found[0] and "Okänd region" in found[0][2]
    assert found[1][:2] == (4, "Brottskategori") and "Okänd brottskategori" in found[1][2]
    assert found[2][:2] == (5, "År")
    assert found[3][:2] == (6, "Kvartal")
    assert found[4][:2] == (7, "Antal") and found[5][:2] == (8, "Antal")
    assert found[6][:2] == (9, "Antal") and "två gånger" in found[6][2]
    assert found[7][:2] == (10, "Kvartal")
    with pytest.raises(ValueError):
        imports.write(result)
    assert not ReportedCrime.objects.exists()


def test_missing_columns_and_unreadable_files_are_file_errors(statistics_ref):
    assert check("bra", "Region;År;Antal\n1980;2024;3\n").file_error == (
        "Kolumner saknas: Brottskategori."
    )
    assert "tom" in check("bra", "").file_error
    assert imports.check_file("bra", "x.xlsx", b"not a workbook").file_error
    assert check("bra", "Region;Brottskategori;År;Antal\n").file_error == (
        "Filen innehåller inga siffror."
    )


def test_row_limit_and_size_limit(statistics_ref, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = "".join(f"1980;Bedrägeribrott;{y};;5\n" for y in (2022, 2023, 2024))
    result = check("bra", "Region;Brottskategori;År;Kvartal;Antal\n" + rows)
    assert "fler än 2 rader" in result.file_error
    settings.MAX_UPLOAD_SIZE = 100
    result = check("bra", "Region;Brottskategori;År;Kvartal;Antal\n" + rows * 5)
    assert "större än" in result.file_error
    assert not ReportedCrime.objects.exists()


def test_police_extract_is_summed_per_category_through_the_crime_codes(statistics_ref):
    text = (
        "Brottskod;Datum;Antal\n"
        "0006;2025-01-14;3\n"
        "6;2025-02-01;2\n"  # Excel dropped the leading zeros
        "0006;2025-04-01;1\n"
        "0003;2025-03-31;\n"  # one report per row without a count
    )
    result = check("polisen", text)
    assert result.ok, errors_of(result)
    imports.write(result)
    rows = ReportedCrime.objects.filter(source=ReportedCrime.Source.POLICE)
    assert sorted(rows.values_list("category__code", "year", "quarter", "count")) == [
        ("12", 2025, 1, 5),
        ("12", 2025, 2, 1),
        ("8", 2025, 1, 1),
    ]
    assert {r.region.code for r in rows} == {"1980"}


def test_police_extract_bad_rows(statistics_ref):
    text = (
        "Brottskod;Datum;Antal;Kommunkod\n"
        "9999;2025-01-14;3;1980\n"  # unknown code
        "0006;2025-13-01;3;1980\n"  # bad date
        "0006;2099-01-01;3;1980\n"  # future
        "0006;2025-01-01;x;1980\n"  # bad count
        "0006;2025-01-01;1;19\n"  # a county, not a municipality
        "0006;2025-01-01;1;0180\n"  # unknown municipality
    )
    found = errors_of(check("polisen", text))
    assert [(line, column) for line, column, _m in found] == [
        (2, "Brottskod"),
        (3, "Datum"),
        (4, "Datum"),
        (5, "Antal"),
        (6, "Kommunkod"),
        (7, "Kommunkod"),
    ]
    assert "Okänd brottskod" in found[0][2]
    assert check("polisen", "Brottskod;Antal\n0006;1\n").file_error


def test_population_ntu_and_crime_codes(statistics_ref):
    population = check("befolkning", "Region;2024;2025\n1980 Västerås;160 000;162 000\n")
    assert population.ok, errors_of(population)
    imports.write(population)
    assert RegionPopulation.objects.get(year=2025).population == 162000
    bad = check("befolkning", "Region;År;Folkmängd\n1980;2024;0\n")
    assert errors_of(bad)[0][:2] == (2, "Folkmängd")

    ntu = check("ntu", "Region;År;Andel (%)\n1980 Västerås;2024;27,5\n19;2024;26\n")
    assert ntu.ok, errors_of(ntu)
    imports.write(ntu)
    assert str(NtuResult.objects.get(region__code="1980").share_unsafe) == "27.5"
    bad = check("ntu", "Region;År;Andel (%)\n1980;2024;120\n1980;2004;20\n")
    assert [e[:2] for e in errors_of(bad)] == [(2, "Andel (%)"), (3, "År")]

    codes = check("brottskoder", "Brottskod;Benämning;Brottskategori\n0100;Rån;8\n")
    assert codes.ok, errors_of(codes)
    imports.write(codes)
    assert CrimeCode.objects.get(code="0100").category.code == "8"
    bad = check("brottskoder", "Brottskod;Benämning;Brottskategori\nabc;Rån;Fantasi\n")
    assert {e[1] for e in errors_of(bad)} == {"Brottskod", "Brottskategori"}


def test_the_demo_files_import_cleanly_and_are_marked_demo(statistics_ref):
    for kind, name in DEMO_IMPORTS:
        check_result, result = imports.import_path(kind, DEMO_FILES / name, demo=True)
        assert result is not None, (name, check_result.file_error, errors_of(check_result))
    assert ReportedCrime.objects.filter(is_demo=False).count() == 0
    assert RegionPopulation.objects.filter(is_demo=True).count() == 20


def test_management_command_checks_then_imports(statistics_ref, tmp_path):
    path = tmp_path / "bra.csv"
    path.write_text(BRA, encoding="utf-8")
    out = io.StringIO()
    call_command("import_statistics", "bra", str(path), "--dry-run", stdout=out)
    assert "5" in out.getvalue() and not ReportedCrime.objects.exists()
    call_command("import_statistics", "bra", str(path), stdout=out)
    assert ReportedCrime.objects.count() == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("Region;Brottskategori;År;Antal\nX;Y;2024;1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_statistics", "bra", str(bad), stdout=out, stderr=io.StringIO())
    assert ReportedCrime.objects.count() == 5


def test_upload_page_checks_then_imports(client, role_users, statistics_ref):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("lagesbild:crime_statistics_import")
    client.force_login(role_users["samordnare"])

    def upload(text, button, kind="bra"):
        file = SimpleUploadedFile("anmalda.csv", text.encode("utf-8"), content_type="text/csv")
        return client.post(url, {"kind": kind, "file": file, button: "1"})

    html = upload(BRA, "check").content.decode()
    assert "Filen är felfri: 5 värden kan importeras." in html
    assert "1 cell eller summarad hoppas över." in html
    assert not ReportedCrime.objects.exists()

    bad = BRA + "Okänd plats;Skadegörelsebrott;2024;;3\n"
    html = upload(bad, "import").content.decode()
    assert "1 problem hittades; ingenting importerades." in html
    assert "Okänd region ”Okänd plats”" in html
    assert not ReportedCrime.objects.exists()

    response = upload(BRA, "import")
    assert response.status_code == 302 and response.url == reverse("lagesbild:crime_statistics")
    assert ReportedCrime.objects.count() == 5
    html = client.get(response.url).content.decode()
    assert "Importerat: 5 nya, 0 ändrade och 0 oförändrade värden." in html
    assert "1980 Västerås" in html

    # The member reads the statistics page but may not import.
    client.force_login(role_users["ledamot"])
    assert upload(BRA, "import").status_code == 403


def test_bra_table_headings_chapter_prefixes_periods_and_subtotals(statistics_ref):
    """Brå's database names the region Område, the category Brottstyp with its chapter
    ("3-7 kap. Brott mot person"), the period as 2024K1, the whole country Hela landet, and
    has the subtotal rows "Brott mot brottsbalken"."""
    text = (
        "Område;Brottstyp;Period;Antal brott\n"
        "Hela landet;3-7 kap. Brott mot person;2024K1;70000\n"
        "Västerås;12 kap. Skadegörelsebrott;2024 kv 2;500\n"
        "Västerås;Brott mot brottsbalken;2024K2;3000\n"
        "Västerås;Skadegörelsebrott;2024K5;1\n"
    )
    result = check("bra", text)
    assert [(e.line, e.column) for e in result.errors] == [(5, "År")]
    result = check("bra", text.rsplit("Västerås;Skadegörelsebrott;2024K5;1\n", 1)[0])
    assert result.ok, errors_of(result)
    assert result.skipped == 1
    imports.write(result)
    rows = ReportedCrime.objects.values_list("region__code", "category__code", "quarter")
    assert sorted(rows) == [
        ("00", "3-7", 1),
        ("1980", "12", 2),
    ]
