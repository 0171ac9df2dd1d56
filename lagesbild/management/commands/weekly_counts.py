from django.core.management.base import BaseCommand, CommandError

from lagesbild import weekly_counts


class Command(BaseCommand):
    help = (
        "The weekly counts behind the lägesbild (PostgreSQL): --check compares them with a "
        "recount, --compact folds changed weeks, --rebuild recounts everything."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report differences")
        group.add_argument("--compact", action="store_true", help="fold changed weeks")
        group.add_argument("--rebuild", action="store_true", help="recount from incidents")

    def handle(self, *args, check, compact, rebuild, **options):
        if not weekly_counts.available():
            raise CommandError("The weekly counts are kept on PostgreSQL only.")
        if compact:
            weeks = weekly_counts.compact()
            self.stdout.write(self.style.SUCCESS(f"{weeks} veckor komprimerade."))
        elif rebuild:
            weekly_counts.rebuild()
            self.stdout.write(self.style.SUCCESS("Veckoräkningarna är omräknade."))
        else:
            differences = weekly_counts.differences()
            for week, dimension, key, key2, stored, recounted in differences[:50]:
                self.stdout.write(
                    f"{week} dimension {dimension} nyckel {key}/{key2}: "
                    f"lagrat {stored}, omräknat {recounted}"
                )
            if differences:
                raise CommandError(
                    f"{len(differences)} skillnader: kör `manage.py weekly_counts --rebuild`."
                )
            self.stdout.write(self.style.SUCCESS("Veckoräkningarna stämmer med händelserna."))
