"""Seed: Västerås' citizen promises (medborgarlöften); --demo adds a few demo measures."""

import datetime as dt

from django.utils import timezone

from core.isoweek import Week
from core.seeding import SeedContext, seed_step, set_related, upsert
from councils.models import Organisation

from .goals import seed as goals_seed  # noqa: F401 - goals, populations, partners, survey demo
from .models import CitizenPromise, FollowUp, Measure

VASTERAS = "Västerås stad"
LPO = "Lokalpolisområde Västerås"

# Medborgarlöften in Västerås (public examples). (title, from, to, approximate,
# report due, promise, actions one per line)
PROMISES = [
    (
        "Synlig polisnärvaro i västra stadsdelarna och Centrum",
        dt.date(2017, 1, 1),
        dt.date(2017, 12, 31),
        True,
        None,
        "Polisen och Västerås stad lovar en synlig polisnärvaro i de västra stadsdelarna, "
        "Råby och Bäckby, och i Centrum.",
        "Synlig polisnärvaro i Råby och Bäckby\nSynlig polisnärvaro i Centrum",
    ),
    (
        "Tillsammans mot rån bland unga",
        dt.date(2020, 11, 18),
        dt.date(2021, 3, 31),
        False,
        dt.date(2021, 4, 1),
        "Polisen och Västerås stad lovar att tillsammans arbeta mot rån bland unga.",
        "Trygghetsvandringar tillsammans med unga\n"
        "Polisnärvaro på utvalda platser och tider\n"
        "En kontaktperson på varje grundskola\n"
        "Information",
    ),
    (
        "Ingen stadsdel på polisens lista över utsatta områden",
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
        True,
        None,
        "Målet är att ingen stadsdel i Västerås ska finnas på polisens lista över utsatta områden.",
        "Åtgärderna revideras var sjätte månad",
    ),
]


@seed_step()
def citizen_promises(ctx: SeedContext) -> None:
    parties = list(Organisation.objects.filter(name__in=[VASTERAS, LPO]))
    for title, start, end, approximate, due, text, actions in PROMISES:
        promise = upsert(
            CitizenPromise,
            {"title": title},
            valid_from=start,
            valid_to=end,
            period_is_approximate=approximate,
            report_due=due,
            text=text,
            actions=actions,
            is_published=True,
        )
        set_related(promise.parties, parties)
    ctx.say(f"Medborgarlöften: {len(PROMISES)}")


# (title, type, area names, main category, owner, start offset weeks, length weeks,
#  status, progress, expected effect)
DEMO_MEASURES = [
    (
        "Ökad polisnärvaro kvällstid i Bäckby centrum",
        Measure.Type.PRESENCE,
        ["Bäckby"],
        "Annat otrygghetsskapande eller ordningsstörande",
        LPO,
        -10,
        12,
        Measure.Status.ONGOING,
        60,
        "Färre bråk och mindre otrygghet vid centrum fredag–lördag kväll.",
    ),
    (
        "Klottersanering inom 24 timmar i Råby",
        Measure.Type.CLEANING,
        ["Råby"],
        "Skadegörelse",
        VASTERAS,
        -20,
        16,
        Measure.Status.DONE,
        100,
        "Mindre klotter och skadegörelse när klotter tas bort direkt.",
    ),
    (
        "Bättre belysning i Vasaparken",
        Measure.Type.LIGHTING,
        ["Centrum"],
        "Otrygg plats",
        VASTERAS,
        -6,
        20,
        Measure.Status.ONGOING,
        30,
        "Färre rapporter om otrygg plats och samlingar kvällstid.",
    ),
    (
        "Nattvandring med föreningar i Skälby",
        Measure.Type.NIGHT_WALK,
        ["Skälby"],
        "Otrygghetsskapande samling av personer",
        "Polisens volontärer Västerås",
        2,
        8,
        Measure.Status.PLANNED,
        0,
        "Vuxennärvaro fredagskvällar.",
    ),
]


FOLLOW_UPS = [
    "Insatsen har kommit i gång enligt plan.",
    "Genomfört som planerat; samverkan med fastighetsägaren fungerar.",
    "Genomfört; två tillfällen ställdes in på grund av väder.",
]


@seed_step(demo=True)
def demo_measures(ctx: SeedContext) -> None:
    from lagesbild.models import Area, Category, Problem

    if not Area.objects.exists():
        ctx.say("Inga demoinsatser: det finns inga områden.")
        return
    # The demo is built around the week it is first loaded (like the demo incidents,
    # which end last Sunday); a measure that exists is left alone, so a second run
    # changes nothing and the dates do not move.
    today = timezone.localdate()
    anchor = Week.of(today).monday
    for (
        title,
        kind,
        areas,
        category,
        owner,
        offset,
        weeks,
        status,
        progress,
        effect,
    ) in DEMO_MEASURES:
        owner_org = Organisation.objects.filter(name=owner).first()
        if owner_org is None or Measure.objects.filter(title=title).exists():
            continue
        start = anchor + dt.timedelta(weeks=offset)
        measure = upsert(
            Measure,
            {"title": title},
            type=kind,
            owner=owner_org,
            contact_role="Samordnare brottsförebyggande" if owner == VASTERAS else "",
            start_date=start,
            end_date=start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1),
            status=status,
            progress=progress,
            expected_effect=effect,
            next_follow_up_due=start + dt.timedelta(weeks=4) if status != "avslutad" else None,
            is_demo=True,
        )
        wanted_areas = set(Area.objects.filter(name__in=areas))
        set_related(measure.areas, wanted_areas)
        set_related(measure.categories, Category.objects.filter(name=category, parent=None))
        # Problembilder of the demo's annual picture that share an area with the measure.
        problems = Problem.objects.filter(
            annual_picture__is_demo=True, areas__in=wanted_areas
        ).distinct()
        set_related(measure.problems, problems)
        # A follow-up every four weeks since the start, the last one at the end.
        last = min(measure.end_date, today) if measure.end_date else today
        day, n = start + dt.timedelta(weeks=4), 0
        while day <= last:
            n += 1
            upsert(
                FollowUp,
                {"measure": measure, "date": day},
                done=FOLLOW_UPS[(n - 1) % len(FOLLOW_UPS)],
                result="Färre rapporter i lägesbilden de senaste veckorna." if n > 1 else "",
                next_step="Fortsätter enligt plan.",
                organisation=owner_org,
            )
            day += dt.timedelta(weeks=4)
        if status == Measure.Status.DONE:
            upsert(
                FollowUp,
                {"measure": measure, "date": measure.end_date},
                done="Klotter sanerat inom ett dygn under hela perioden.",
                result="Anmälningarna om klotter minskade enligt lägesbilden.",
                next_step="Fortsätter som ordinarie rutin.",
                organisation=owner_org,
            )
    ctx.say(f"Demo-insatser: {len(DEMO_MEASURES)}")


# The weekly EST meetings of the demo: the Tuesday after each of the last published
# weeks, with notes on the week's trends and busiest place, and actions given to the
# organisations that own the measures.
DEMO_EST_MEETINGS = 6
DEMO_EST_TEXTS = [
    "Ökningen bekräftas av flera parter; fler rapporter kvällstid.",
    "Ingen tydlig förklaring ännu; parterna bevakar platsen nästa vecka.",
    "Platsen återkommer; samordnaren tar upp den i nästa lägesbild.",
]


@seed_step(demo=True)
def demo_est_meetings(ctx: SeedContext) -> None:
    from councils.models import User
    from lagesbild.models import WeeklyPicture

    from .est.services import est_action_add, est_meeting_create, est_note_add
    from .models import EstAction, EstMeeting

    author = User.objects.filter(username="samordnare").first()
    if author is None or EstMeeting.objects.exists():
        return
    today = timezone.localdate()
    pictures = list(WeeklyPicture.objects.published().filter(is_demo=True)[:DEMO_EST_MEETINGS])
    reporting = list(Organisation.objects.filter(is_reporting=True, is_active=True))
    measures = list(Measure.objects.active().filter(is_demo=True).order_by("title"))
    made = 0
    for i, picture in enumerate(reversed(pictures)):
        held_on = picture.week.sunday + dt.timedelta(days=2)
        if held_on > today:
            continue
        meeting = est_meeting_create(
            user=author,
            held_on=held_on,
            organisations=reporting,
            weekly_picture=picture,
            summary="Genomgång av veckans lägesbild med parterna.",
        )
        snapshot = picture.snapshot or {}
        topics = [("trend", t["label"]) for t in snapshot.get("trends", [])[:2]]
        topics += [("hotspot", p["label"]) for p in snapshot.get("top_places", [])[:1]]
        notes = [
            est_note_add(
                user=author,
                meeting=meeting,
                kind=kind,
                topic=topic,
                text=DEMO_EST_TEXTS[(i + k) % len(DEMO_EST_TEXTS)],
            )
            for k, (kind, topic) in enumerate(topics)
        ]
        # Follow-ups on the measures, due two weeks on (long past for the old meetings).
        if measures and held_on + dt.timedelta(weeks=2) < today:
            measure = measures[i % len(measures)]
            est_action_add(
                user=author,
                meeting=meeting,
                responsible=measure.owner,
                what=f"Rapportera läget för {measure.title.lower()} till nästa möte",
                due_on=held_on + dt.timedelta(weeks=2),
                kind=EstAction.Kind.FOLLOW_UP,
                measure=measure,
                note=notes[0] if notes else None,
            )
        made += 1
    # The latest meeting agrees a new measure for the busiest place of its week.
    latest = EstMeeting.objects.order_by("-held_on").first()
    if latest and reporting:
        owner = next((o for o in reporting if o.name == "Mimer"), reporting[0])
        action = est_action_add(
            user=author,
            meeting=latest,
            responsible=owner,
            what="Extra tillsyn av trapphus och källare kvällstid",
            due_on=latest.held_on + dt.timedelta(weeks=4),
            note=latest.notes.first(),
        )
        measure = action.measure
        measure.is_demo = True
        measure.save(update_fields=["is_demo"])
        from lagesbild.models import Area

        measure.areas.set(Area.objects.filter(name__in=["Skälby", "Bäckby"]))
        FollowUp.objects.create(
            measure=measure,
            date=latest.held_on,
            done="Uppdraget mottaget; fastighetsskötarna planerar kvällsrundor.",
            organisation=owner,
        )
    EstMeeting.objects.update(is_demo=True)
    ctx.say(f"Demo-EST-möten: {made}.")
