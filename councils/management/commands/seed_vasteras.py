from django.core.management.base import BaseCommand

from core.seeding import run_seed


class Command(BaseCommand):
    help = (
        "Läser in Västerås uppgifter ur källdokumenten (trygghetsråd, nämnder, "
        "överenskommelser, trygghetspaketet 2023, områden). Kan köras flera gånger. "
        "--demo lägger till demoanvändare (en per roll) och ett påhittat demoår."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="lägg till demoanvändare och demodata"
        )
        parser.add_argument(
            "--reset-demo-passwords",
            action="store_true",
            help="ge demoanvändarna nya lösenord och skriv ut dem",
        )

    def handle(self, *args, demo, reset_demo_passwords, **options):
        run_seed(demo=demo, stdout=self.stdout, reset_demo_passwords=reset_demo_passwords)
        self.stdout.write(self.style.SUCCESS("Västeråsdata inlästa."))
