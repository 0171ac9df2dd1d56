"""Seed: the organisations and committees named in the Västerås source documents."""

import secrets

from django.contrib.auth.models import Group

from .models import Committee, Organisation, User
from .roles import Role
from .seeding import SeedContext, seed_step, upsert

VASTERAS = "Västerås stad"
LPO = "Lokalpolisområde Västerås"

ORGANISATIONS = [
    # (name, short name, kind)
    (VASTERAS, "Västerås stad", Organisation.Kind.MUNICIPALITY),
    (LPO, "LPO Västerås", Organisation.Kind.POLICE),
    ("Mimer", "Mimer", Organisation.Kind.HOUSING),
    ("Brottsofferjouren Västerås", "Brottsofferjouren", Organisation.Kind.CIVIL_SOCIETY),
    ("Polisens volontärer Västerås", "Polisvolontärer", Organisation.Kind.CIVIL_SOCIETY),
]

# The committees (nämnder) the seeds name: the council's presidia (000) and the
# committees that receive money from the 2023 trygghetspaket (003).
COMMITTEES = [
    ("Kommunfullmäktige", "KF"),
    ("Kommunstyrelsen", "KS"),
    ("Grundskolenämnden", "GSN"),
    ("Nämnden för idrott, fritid och förebyggande", "NIFF"),
    ("Individ- och familjenämnden", "IFN"),
    ("Arbetsmarknadsnämnden", "AMN"),
    ("Skultuna kommundelsnämnd", "SKDN"),
    ("Kulturnämnden", "KN"),
    ("Tekniska nämnden", "TN"),
]

# Demo users: one per role, no personal data (usernames are the role names).
DEMO_USERS = [
    ("samordnare", Role.SAMORDNARE, VASTERAS),
    ("polis", Role.POLIS, LPO),
    ("rapportor", Role.RAPPORTOR, "Mimer"),
    ("ledamot", Role.LEDAMOT, VASTERAS),
]


@seed_step()
def organisations_and_committees(ctx: SeedContext) -> None:
    for name, short_name, kind in ORGANISATIONS:
        upsert(Organisation, {"name": name}, short_name=short_name, kind=kind)
    city = Organisation.objects.get(name=VASTERAS)
    for name, short_name in COMMITTEES:
        upsert(Committee, {"name": name}, short_name=short_name, organisation=city)


@seed_step(demo=True)
def demo_users(ctx: SeedContext) -> None:
    logins = []
    for username, role, org_name in [*DEMO_USERS, ("admin", None, VASTERAS)]:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, organisation=Organisation.objects.get(name=org_name))
            if role is None:
                user.is_staff = user.is_superuser = True
        if created or ctx.reset_demo_passwords:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            logins.append((username, password, role.label if role else "admin"))
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
    # The demo council member sits for the presidium of Kommunstyrelsen.
    User.objects.get(username="ledamot").committees.add(Committee.objects.get(short_name="KS"))
    if logins:
        ctx.say("Demo logins (shown once; --reset-demo-passwords gives new ones):")
        for username, password, label in logins:
            ctx.say(f"  {label!s:<22} användarnamn: {username:<11} lösenord: {password}")
    else:
        ctx.say("Demo users exist; run with --reset-demo-passwords to print new passwords.")
