from django.core.management.base import BaseCommand, CommandError

from lagesbild import incident_counts


class Command(BaseCommand):
    help = (
        "The incident counts behind the lägesbild and goals: --check compares "
        "them with a recount, --compact folds changed periods, --rebuild recounts everything."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report differences")
        group.add_argument("--compact", action="store_true", help="fold changed periods")
        group.add_argument("--rebuild", action="store_true", help="recount from incidents")

    def handle(self, *args, check, compact, rebuild, **options):
        if compact:
            periods = incident_counts.compact()
            self.stdout.write(self.style.SUCCESS(f"{periods} perioder komprimerade."))
        elif rebuild:
            incident_counts.rebuild()
            self.stdout.write(self.style.SUCCESS("Händelseräkningarna är omräknade."))
        else:
            differences = incident_counts.differences()
            for period, dimension, key, key2, stored, recounted in differences[:50]:
                self.stdout.write(
                    f"{period} dimension {dimension} nyckel {key}/{key2}: "
                    f"lagrat {stored}, omräknat {recounted}"
                )
            if differences:
                raise CommandError(
                    f"{len(differences)} skillnader: kör `manage.py incident_counts --rebuild`."
                )
            self.stdout.write(self.style.SUCCESS("Händelseräkningarna stämmer med händelserna."))
