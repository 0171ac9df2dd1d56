from django.core.management.base import BaseCommand

from core.seeding import run_seed


class Command(BaseCommand):
    help = (
        "Load the Västerås facts from the source documents (council, committees, "
        "agreements, the 2023 trygghetspaket, areas). Idempotent. --demo adds demo "
        "users (one per role) and synthetic incidents."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="add demo users and data")
        parser.add_argument(
            "--reset-demo-passwords",
            action="store_true",
            help="give the demo users new passwords and print them",
        )

    def handle(self, *args, demo, reset_demo_passwords, **options):
        run_seed(demo=demo, stdout=self.stdout, reset_demo_passwords=reset_demo_passwords)
        self.stdout.write(self.style.SUCCESS("Västeråsdata inlästa."))
