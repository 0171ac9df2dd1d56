"""manage.py import_statistics KIND FILE [--dry-run]: Brå's reported crimes, the police's
extract, SCB's populations, Brå's NTU or the crime codes (see lagesbild/crime/imports.py
and docs/statistics-sources.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.crime import imports


class Command(BaseCommand):
    help = (
        "Import official statistics: bra (Brå, reported crimes), polisen (extract by crime "
        "code), befolkning (SCB), ntu (Brå's NTU) or brottskoder. Every row is checked; a "
        "file with any bad row writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.FORMATS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only")

    def handle(self, *args, kind, file, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        check, result = imports.import_path(kind, file, dry_run=dry_run)
        if check.file_error:
            raise CommandError(check.file_error)
        if check.errors:
            for error in check.errors:
                self.stderr.write(f"rad {error.line}, {error.column}: {error.message}")
            raise CommandError(f"{check.error_count} fel; inget importerades.")
        if result is None:
            self.stdout.write(f"Filen är felfri: {check.figure_count} värden kan importeras.")
            return
        self.stdout.write(
            f"Importerade: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade ({check.skipped} överhoppade)."
        )
