import contextlib
import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from councils.models import Organisation
from lagesbild import incident_counts
from lagesbild.models import Source
from lagesbild.synthetic import (
    generate_incidents,
    indexes_rebuilt_after,
    last_sunday,
    synthetic_areas,
)


class Command(BaseCommand):
    help = (
        "Bulk-create N synthetic incidents for benchmarks (COPY on PostgreSQL). Needs the "
        "areas and categories of `seed_vasteras`; --areas adds synthetic areas if needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, help="number of incidents")
        parser.add_argument("--years", type=int, default=1, help="spread over this many years")
        parser.add_argument(
            "--areas", type=int, default=0, help="use this many areas (0: the existing ones)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (deterministic)")

    def handle(self, *args, n, years, areas, seed, **options):
        if n < 1 or years < 1:
            raise CommandError("N and --years must be at least 1.")
        organisations = list(Organisation.objects.order_by("pk")[:10])
        if not organisations:
            raise CommandError("No organisations: run `manage.py seed_vasteras` first.")
        end = last_sunday(timezone.localdate())
        start = end - dt.timedelta(days=round(365.25 * years) - 1)
        began = time.perf_counter()
        with transaction.atomic():
            area_list = synthetic_areas(areas)
            rebuild = indexes_rebuilt_after() if n >= 100_000 else contextlib.nullcontext()
            with rebuild:
                made = generate_incidents(
                    n=n,
                    start=start,
                    end=end,
                    areas=area_list,
                    organisations=organisations,
                    seed=seed,
                    source=Source.DEMO,
                )
        # Fold the counts the load added into one row per key.
        incident_counts.compact()
        seconds = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(
                f"{made} incidents in {len(area_list)} areas, {start} – {end}: "
                f"{seconds:.1f} s, {made / seconds:,.0f} rows/s."
            )
        )
