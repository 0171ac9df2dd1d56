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


# The promises' texts are summaries written for the system, not quoted from the police's
# published promises (the seeds do not hold them).
PROMISE_SOURCE = (
    "Sammanfattning (demo/uppskattning) av offentliga exempel; inte ordagrant ur polisens "
    "och stadens publicerade medborgarlöfte."
)


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
            source=PROMISE_SOURCE,
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


# --- Demo: focus areas, social prevention and the year's åtgärdsplan (issue #20) -------

UNGA, OFFER, AVHOPP = (
    "Förebygga att unga hamnar i riskzonen för att upptas i kriminalitet",
    "Särskilt utsatta brottsoffer",
    "Avhopparverksamhet",
)
# Place-based demo measures → their focus areas (by the measure's title).
DEMO_MEASURE_FOCUS = {
    "Ökad polisnärvaro kvällstid i Bäckby centrum": [UNGA],
    "Nattvandring med föreningar i Skälby": [UNGA],
}
# Social prevention: (title, owner, target group, indicator, focus area, offset weeks,
#  length weeks, status, progress, expected effect)
DEMO_SOCIAL = [
    (
        "Familjestödjare för unga i riskzon i västra stadsdelarna (demo)",
        VASTERAS,
        "Familjer med barn 10–17 år i västra stadsdelarna där oro finns för kriminalitet",
        "Antal familjer med pågående stöd; andel unga som inte förekommer i nya "
        "orosanmälningar efter sex månader (socialtjänstens uppföljning).",
        UNGA,
        -30,
        52,
        Measure.Status.ONGOING,
        55,
        "Färre unga som rekryteras till kriminella miljöer.",
    ),
    (
        "Stöd till särskilt utsatta brottsoffer med Brottsofferjouren (demo)",
        VASTERAS,
        "Brottsoffer som utsatts upprepade gånger eller i nära relation",
        "Antal personer som fått stöd och andel som fullföljt kontakten "
        "(Brottsofferjourens statistik).",
        OFFER,
        -26,
        52,
        Measure.Status.ONGOING,
        45,
        "Fler utsatta får stöd tidigt och färre utsätts igen.",
    ),
    (
        "Avhopparverksamhet i samverkan med polisen (demo)",
        LPO,
        "Personer som vill lämna en kriminell miljö",
        "Antal avhoppare i programmet och andel som efter ett år är kvar utanför miljön.",
        AVHOPP,
        -20,
        52,
        Measure.Status.ONGOING,
        35,
        "Fler lämnar kriminella nätverk; färre unga lockas in.",
    ),
]
# The demo problembilder → focus areas (by title).
DEMO_PROBLEM_FOCUS = {
    "Samlingar och bråk kring Resecentrum kvällstid": [UNGA],
    "Skadegörelse i trapphus och källare i Bäckby och Råby": [UNGA],
}
DEMO_GOAL_FOCUS = {"Tryggare västra stadsdelar (demo)": [UNGA]}

# Brå's parts for each action of the demo plan, by measure title: (goal text, short-term
# effect, long-term effect, activities, milestones, resources, follow-up)
DEMO_ACTIONS = {
    "Ökad polisnärvaro kvällstid i Bäckby centrum": (
        "Färre bråk och ordningsstörningar vid Bäckby centrum fredag–lördag kväll.",
        "Färre EST-händelser vid centrum helgkvällar inom tre månader.",
        "Centrum upplevs som tryggt av boende och butiker (trygghetsmätningen).",
        "Polispatrull fredag och lördag kl. 19–01\nGemensam platsgenomgång med fastighetsägaren",
        "Vecka 1: schema klart\nVecka 6: första avstämning i EST",
        "Två poliser per kväll; fastighetsägarens bevakning.",
        "Veckovis i EST; månadsvis uppföljning i insatsen; resultat till trygghetsrådet.",
    ),
    "Familjestödjare för unga i riskzon i västra stadsdelarna (demo)": (
        "Unga i riskzon i västra stadsdelarna får stöd innan de dras in i kriminalitet.",
        "Fler familjer tar emot stöd; skolnärvaron ökar hos de unga.",
        "Färre unga i kriminella miljöer och färre orosanmälningar.",
        "Uppsökande familjestöd\nSamverkan skola–socialtjänst–polis (SSPF)\nFeriepraktik",
        "Kvartal 1: fyra familjestödjare anställda\nKvartal 3: 40 familjer i stöd",
        "Fyra familjestödjare; handledning från individ- och familjeförvaltningen.",
        "Kvartalsvis av socialtjänsten; årligen i lägesbilden och till kommunstyrelsen.",
    ),
    "Stöd till särskilt utsatta brottsoffer med Brottsofferjouren (demo)": (
        "Särskilt utsatta brottsoffer får stöd och skydd tidigt.",
        "Fler hänvisas till Brottsofferjouren från polis och socialtjänst.",
        "Färre upprepade utsättningar.",
        "Hänvisningsrutin polis–socialtjänst–Brottsofferjouren\nStödsamtal",
        "Kvartal 2: rutinen beslutad\nKvartal 4: utvärdering",
        "Brottsofferjourens stödpersoner; IOP-avtal.",
        "Halvårsvis med Brottsofferjouren; årligen till trygghetsrådet.",
    ),
    "Avhopparverksamhet i samverkan med polisen (demo)": (
        "Personer som vill lämna en kriminell miljö får ett fungerande stöd.",
        "Fler tar kontakt med avhopparverksamheten.",
        "Färre aktiva i kriminella nätverk i Västerås.",
        "Kontaktväg via polisen\nBoende, sysselsättning och samtalsstöd",
        "Kvartal 1: samverkansrutin\nKvartal 4: ettårsuppföljning",
        "En samordnare; boende via socialtjänsten.",
        "Kvartalsvis mellan polis och socialtjänst; årligen till kommunstyrelsen.",
    ),
}
DEMO_PLAN = "Åtgärdsplan {year} (demo)"
DEMO_PLACE_INDICATOR = (
    "EST-händelser i området fredag–lördag kväll (veckolägesbilden), jämfört med ett "
    "jämförelseområde."
)


@seed_step(demo=True)
def demo_focus_areas_and_plan(ctx: SeedContext) -> None:
    """Tag the demo's measures, problembilder and goal with the focus areas, add three
    social-prevention measures, and the year's åtgärdsplan as Brå describes it."""
    from councils.models import FocusArea
    from lagesbild.models import AnnualPicture, Problem

    from .models import ActionPlan, ActionPlanEntry, Goal

    focus = {f.name: f for f in FocusArea.objects.all()}
    if len(focus) < 3:
        ctx.say("Inga insatsområden: rådet saknas.")
        return
    today = timezone.localdate()
    anchor = Week.of(today).monday
    for title, names in DEMO_MEASURE_FOCUS.items():
        measure = Measure.objects.filter(title=title, is_demo=True).first()
        if measure:
            set_related(measure.focus_areas, [focus[n] for n in names])
    for (
        title,
        owner,
        target_group,
        indicator,
        area,
        offset,
        weeks,
        status,
        progress,
        effect,
    ) in DEMO_SOCIAL:
        owner_org = Organisation.objects.filter(name=owner).first()
        if owner_org is None:
            continue
        existing = Measure.objects.filter(title=title).first()
        start = existing.start_date if existing else anchor + dt.timedelta(weeks=offset)
        measure = upsert(
            Measure,
            {"title": title},
            kind=Measure.Kind.SOCIAL,
            type=Measure.Type.SOCIAL,
            owner=owner_org,
            contact_role="Samordnare brottsförebyggande" if owner == VASTERAS else "",
            target_group=target_group,
            indicator=indicator,
            start_date=start,
            end_date=start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1),
            status=status,
            progress=progress,
            expected_effect=effect,
            # Set once: the demo's EST meetings move it later, and a second seed keeps that.
            next_follow_up_due=(
                existing.next_follow_up_due if existing else today + dt.timedelta(weeks=2)
            ),
            is_demo=True,
        )
        set_related(measure.focus_areas, [focus[area]])
        day = start + dt.timedelta(weeks=8)
        while day <= today:
            upsert(
                FollowUp,
                {"measure": measure, "date": day},
                done="Arbetet pågår enligt plan; stödet når målgruppen.",
                result="Målgruppen nås; siffrorna redovisas i kvartalsuppföljningen.",
                next_step="Fortsätter enligt plan.",
                organisation=owner_org,
            )
            day += dt.timedelta(weeks=8)
    for title, names in DEMO_PROBLEM_FOCUS.items():
        for problem in Problem.objects.filter(title=title, annual_picture__is_demo=True):
            set_related(problem.focus_areas, [focus[n] for n in names])
    for title, names in DEMO_GOAL_FOCUS.items():
        goal = Goal.objects.filter(title=title, is_demo=True).first()
        if goal:
            set_related(goal.focus_areas, [focus[n] for n in names])

    picture = AnnualPicture.objects.filter(is_demo=True).order_by("-year").first()
    if picture is None:
        return
    year = picture.year
    adopted = min(dt.date(year, 4, 15), today)
    plan = upsert(
        ActionPlan,
        {"title": DEMO_PLAN.format(year=year)},
        year=year,
        valid_from=dt.date(year, 1, 1),
        valid_to=dt.date(year, 12, 31),
        annual_picture=picture,
        adopted_on=adopted,
        adopted_by="Kommunstyrelsen (demo)",
        decision_reference="Demo – inget verkligt beslut",
        summary="Demo: åtgärderna för årets prioriterade problembilder och rådets tre "
        "insatsområden, med mål, förväntade effekter, ansvar, tidplan, resurser och "
        "uppföljning för varje åtgärd.",
        is_demo=True,
    )
    goal = Goal.objects.filter(is_demo=True).first()
    for priority, (title, parts) in enumerate(DEMO_ACTIONS.items(), start=1):
        measure = Measure.objects.filter(title=title, is_demo=True).first()
        if measure is None:
            continue
        problem = next(iter(measure.problems.filter(annual_picture=picture)), None)
        goal_text, short, long_, activities, milestones, resources, follow_up = parts
        # Place-based measures carry no indicator of their own: the action gives it.
        indicator = "" if measure.indicator else DEMO_PLACE_INDICATOR
        upsert(
            ActionPlanEntry,
            {"plan": plan, "measure": measure},
            problem=problem,
            heading="" if problem else "Rådets insatsområden",
            priority=priority,
            responsible=measure.owner,
            goal=goal if problem else None,
            goal_text=goal_text,
            effect_short=short,
            effect_long=long_,
            activities=activities,
            milestones=milestones,
            resources=resources,
            indicator=indicator,
            follow_up_method=follow_up,
        )
    ctx.say(f"Demo-åtgärdsplan {year}: {plan.entries.count()} åtgärder.")


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
