"""Create the four role groups. Their model permissions are granted after every
migrate by councils.roles.sync_role_permissions, from each app's declaration."""

from django.db import migrations

ROLES = ["samordnare", "polis", "rapportor", "ledamot"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("councils", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
