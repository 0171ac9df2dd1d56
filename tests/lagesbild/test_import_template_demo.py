"""The import template's own example rows import cleanly on the realistic demo year,
whose categories hold "Klotter" under two main categories."""

from lagesbild import imports


def test_the_templates_example_rows_import_on_the_real_categories(demo_db):
    for fmt in ("csv", "xlsx"):
        name, _mimetype, content = imports.template_file(fmt)
        result = imports.check_file(name, content)
        assert result.ok, (fmt, result.errors, result.file_error)
        categories = {str(data["category"]) for _line, data in result.rows}
        assert categories == {
            "Skadegörelse – Klotter",
            "Otrygghetsskapande samling av personer – Utomhus",
        }
