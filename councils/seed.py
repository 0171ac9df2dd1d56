"""Seed: the organisations, committees, council, members, meetings and agreements
named in the Västerås source documents."""

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from core.seeding import SeedContext, seed_step, set_related, upsert

from .models import (
    AgendaItem,
    AgreementSignatory,
    BoardReport,
    Committee,
    CooperationAgreement,
    Council,
    Decision,
    FocusArea,
    Meeting,
    Membership,
    Organisation,
    Person,
    Seat,
    User,
    parties_key_of,
)
from .roles import Role

VASTERAS = "Västerås stad"
LPO = "Lokalpolisområde Västerås"

ORGANISATIONS = [
    # (name, short name, kind, reports EST incidents weekly)
    (VASTERAS, "Västerås stad", Organisation.Kind.MUNICIPALITY, False),
    (LPO, "LPO Västerås", Organisation.Kind.POLICE, True),
    ("Mimer", "Mimer", Organisation.Kind.HOUSING, True),
    ("Brottsofferjouren Västerås", "Brottsofferjouren", Organisation.Kind.CIVIL_SOCIETY, False),
    ("Polisens volontärer Västerås", "Polisvolontärer", Organisation.Kind.CIVIL_SOCIETY, False),
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
    for name, short_name, kind, reporting in ORGANISATIONS:
        # Who reports is the administrator's to change: set when the row is created only.
        new = not Organisation.objects.filter(name=name).exists()
        extra = {"is_reporting": reporting} if new else {}
        upsert(Organisation, {"name": name}, short_name=short_name, kind=kind, **extra)
    city = Organisation.objects.get(name=VASTERAS)
    for name, short_name in COMMITTEES:
        upsert(Committee, {"name": name}, short_name=short_name, organisation=city)


# Organisations that report in the demo only: marked demo, as their reports are.
DEMO_ORGANISATIONS = [
    ("Tekniska förvaltningen", "Tekniska förv.", Organisation.Kind.MUNICIPALITY),
    ("Bevakningsbolaget Demo AB", "Bevakningen", Organisation.Kind.SECURITY),
]


@seed_step(demo=True)
def demo_organisations(ctx: SeedContext) -> None:
    for name, short_name, kind in DEMO_ORGANISATIONS:
        new = not Organisation.objects.filter(name=name).exists()
        extra = {"is_reporting": True} if new else {}
        upsert(
            Organisation, {"name": name}, short_name=short_name, kind=kind, is_demo=True, **extra
        )


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
            logins.append((username, password, role.label if role else "Administratör"))
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
    # The demo council member sits for the presidium of Kommunstyrelsen.
    User.objects.get(username="ledamot").committees.add(Committee.objects.get(short_name="KS"))
    if logins:
        ctx.say("Demoinloggningar (visas en gång; --reset-demo-passwords ger nya lösenord):")
        for username, password, label in logins:
            ctx.say(f"  {label!s:<22} användarnamn: {username:<11} lösenord: {password}")
    else:
        ctx.say(
            "Demoanvändarna finns redan; kör med --reset-demo-passwords för att få nya lösenord."
        )


# ---------------------------------------------------------------------------
# Trygghetsrådet (seeds 000, 001; DOMAIN: decided by KS 2021-03-31, first meeting
# 2021-04-22), its seats, the co-chairs of February 2023, the agreements (002, 004)
# ---------------------------------------------------------------------------

STOCKHOLM = ZoneInfo("Europe/Stockholm")
COUNCIL = "Trygghetsrådet Västerås"

PURPOSE = (
    "Fokus för rådet ligger på strategiskt trygghetsskapande och brottsförebyggande "
    "arbete, i samarbete bland annat med Polisen. Trygghetsarbete och brottsförebyggande "
    "arbete är två av kommunstyrelsens viktigaste frågor där man har ett samordningsansvar. "
    "Syftet är att skapa förutsättningar för att uppnå effekterna inom sociala "
    "hållbarhetsprogrammet och policyn för trygghetsskapande och brottsförebyggande arbete. "
    "Rådet får i uppdrag att ta fram målformuleringar för sin verksamhet och att "
    "kontinuerligt hålla kommunstyrelsen informerad om sitt arbete. I rådet samverkar "
    "Västerås stad, Polismyndigheten och aktörer från civilsamhället."
)
# (name as the målformulering words it, short name)
FOCUS_AREAS = [
    (
        "Förebygga att unga hamnar i riskzonen för att upptas i kriminalitet",
        "Unga i riskzon",
    ),
    ("Särskilt utsatta brottsoffer", "Särskilt utsatta brottsoffer"),
    ("Avhopparverksamhet", "Avhopparverksamhet"),
]
# The decision day and the first meeting are not in the seeds (DOMAIN.md gives them).
DATES_SOURCE = (
    "Uppgift utanför källtexterna (kommunstyrelsens beslut och rådets första möte enligt "
    "projektets domänbeskrivning) – demo/uppskattning tills protokollet är kontrollerat."
)
# Seed 001 (February 2023): the work for young people's safety in public places, e.g.
# around bars and clubs, is intensified. An activity of the council, not a focus area.
PURPOSE_2023 = (
    " I februari 2023 intensifierades arbetet med att öka tryggheten för ungdomar i "
    "offentliga miljöer, till exempel i krogmiljön, med ökad närvaro från kommunen i "
    "samverkan med Polismyndigheten och andra aktörer."
)
COORDINATOR_TASKS = [
    "hitta former för hur civilsamhället, näringsliv och andra myndigheter stödjer vårt "
    "gemensamma arbete",
    "leda och samordna arbetet för att skapa förutsättningar för att den lokala närvaron i "
    "stads- och kommundelar förstärks",
    "samordna utvärderingar, resultat och analys kring aktiviteter och insatser som är "
    "genomförda samt prova nya grepp och metoder",
    "arbeta nära polisen och andra viktiga aktörer",
    "tillsammans med polisen ta fram en lägesbild som ligger till grund för gemensamma "
    "beslut gällande till exempel nya strategiska insatser eller metoder",
]

# (label, committee short name or None, organisation name or None)
SEATS = [
    ("Kommunstyrelsens presidium", "KS", None),
    ("Grundskolenämndens presidium", "GSN", None),
    ("Presidiet i nämnden för idrott, fritid och förebyggande", "NIFF", None),
    ("Individ- och familjenämndens presidium", "IFN", None),
    ("Lokalpolisområdeschef", None, LPO),
]
# Not a seat: Stadsledningskontoret holds the assignment together (the samordnings-
# funktion, Council.coordinated_by). A seat of that name from earlier seeds is removed.
NOT_A_SEAT = "Stadsledningskontoret (samordning)"

# (name, title, party, organisation)
PEOPLE = [
    ("Staffan Jansson", "kommunstyrelsens ordförande", "S", VASTERAS),
    ("Lars Jansson", "tf lokalpolisområdeschef Västerås", "", LPO),
    ("Amanda Grönlund", "kommunstyrelsens 1:e vice ordförande", "KD", VASTERAS),
    ("Anders Teljebäck", "kommunstyrelsens ordförande (2019)", "S", VASTERAS),
    ("Linda Hedmark", "tf lokalpolisområdeschef Västerås (2019)", "", LPO),
]

FEBRUARY_2023 = date(2023, 2, 1)
SOURCE_FEB_2023 = (
    "Källan visar rådet i februari 2023 (”Personer i Trygghetsrådet februari 2023”); "
    "när uppdraget började anges inte."
)
# (person, seat, role, title in the council, valid_from, note)
MEMBERSHIPS = [
    (
        "Staffan Jansson",
        "Kommunstyrelsens presidium",
        Membership.Role.CO_CHAIR,
        "kommunstyrelsens ordförande, delat ordförandeskap",
        FEBRUARY_2023,
        SOURCE_FEB_2023,
    ),
    (
        "Lars Jansson",
        "Lokalpolisområdeschef",
        Membership.Role.CO_CHAIR,
        "tf lokalpolisområdeschef Västerås, delat ordförandeskap",
        FEBRUARY_2023,
        SOURCE_FEB_2023,
    ),
    (
        "Amanda Grönlund",
        "Kommunstyrelsens presidium",
        Membership.Role.MEMBER,
        "kommunstyrelsens 1:e vice ordförande",
        FEBRUARY_2023,
        "Kommunstyrelsens presidium ingår i rådet; titeln enligt trygghetspaketet (februari 2023).",
    ),
]

AGREEMENT_2019 = "Samverkansöverenskommelse Västerås stad och Lokalpolisområde Västerås 2019–2023"
AGREEMENT_2023 = "Samverkansöverenskommelse Västerås stad och Lokalpolisområde Västerås 2023"
GOAL = "Brottsligheten ska minska och den upplevda tryggheten ska öka i kommunen."
SUMMARY_2019 = (
    "Västerås stad och Lokalpolisområde Västerås arbetar gemensamt med trygghetsskapande "
    "och brottsförebyggande frågor. Arbetet utgår från en gemensam lägesbild av vilken "
    "kriminalitet och brottsutveckling som råder i kommunen, samt vilka ordningsstörningar "
    "och i övrigt otrygga platser som finns. Lägesbilden tas fram genom medarbetardialoger "
    "i båda organisationerna, genom medborgardialoger och genom statistiskt underlag. En "
    "övergripande gemensam lägesbild definieras årligen; utifrån den värderas och "
    "prioriteras problembilder så att verksamheten riktas mot det som har störst "
    "samhällelig påverkan. Lägesbilden upprätthålls och justeras löpande genom veckovisa "
    "möten med EST (Effektiv samordning för trygghet), som staden vill vidareutveckla. "
    "Samarbetsmodellen bygger på samverkanshandboken från SKL, polisen och Brå. Båda "
    "parter kan säga upp överenskommelsen."
)
FOCUS_2019 = [
    "Gemensam lägesbild: medarbetardialoger, medborgardialoger och statistiskt underlag",
    "Årlig övergripande gemensam lägesbild",
    "Värdera och prioritera problembilder",
    "Veckovisa möten (EST) som håller lägesbilden aktuell",
    "Omfördela resurser dit de behövs mest",
]
NOTE_2019 = (
    "Överenskommelsen gäller från och med 2019-11-06 till och med 2023-03-01. Källan anger "
    "inte dagen för underskriften."
)
NOTE_2023 = (
    "I juni 2023 enades Västerås stad och Lokalpolisområde Västerås om en ny "
    "samverkansöverenskommelse (pdf, 226,1 kB, på stadens webbplats). Källan anger "
    "varken dag eller slutdatum: giltig från 1 juni 2023 och tills vidare är antaget."
)

MEETING_FEB_2023 = "Trygghetsrådet februari 2023"


@seed_step()
def council_and_members(ctx: SeedContext) -> None:
    ks = Committee.objects.get(short_name="KS")
    council = upsert(
        Council,
        {"name": COUNCIL},
        purpose=PURPOSE + PURPOSE_2023,
        coordinated_by="Stadsledningskontoret",
        coordinator_tasks="\n".join(COORDINATOR_TASKS),
        decided_by=ks,
        decided_on=date(2021, 3, 31),
        first_meeting_on=date(2021, 4, 22),
        dates_source=DATES_SOURCE,
        meetings_per_year_min=3,
        meetings_per_year_max=4,
    )
    for order, (name, short_name) in enumerate(FOCUS_AREAS, start=1):
        upsert(FocusArea, {"council": council, "name": name}, short_name=short_name, order=order)
    # Exactly the three of the målformulering: anything else (a fourth from an earlier
    # seed, e.g. the krogmiljö activity) is removed when nothing is tagged with it.
    FocusArea.objects.filter(council=council).exclude(
        name__in=[name for name, _short in FOCUS_AREAS]
    ).filter(problems__isnull=True, measures__isnull=True, goals__isnull=True).delete()
    Seat.objects.filter(council=council, label=NOT_A_SEAT, memberships__isnull=True).delete()
    for order, (label, committee, organisation) in enumerate(SEATS, start=1):
        upsert(
            Seat,
            {"council": council, "label": label},
            order=order,
            committee=Committee.objects.get(short_name=committee) if committee else None,
            organisation=Organisation.objects.get(name=organisation) if organisation else None,
        )
    for name, title, party, organisation in PEOPLE:
        upsert(
            Person,
            {"name": name},
            title=title,
            party=party,
            organisation=Organisation.objects.get(name=organisation),
        )
    for person, seat, role, title, valid_from, note in MEMBERSHIPS:
        upsert(
            Membership,
            {
                "person": Person.objects.get(name=person),
                "seat": Seat.objects.get(council=council, label=seat),
                "valid_from": valid_from,
            },
            role=role,
            title=title,
            note=note,
        )
    # The exact day is not in the source: the 15th stands in, flagged as approximate.
    upsert(
        Meeting,
        {"council": council, "title": MEETING_FEB_2023},
        starts_at=datetime(2023, 2, 15, 9, 0, tzinfo=STOCKHOLM),
        date_is_approximate=True,
        status=Meeting.Status.HELD,
        note="Källan anger bara februari 2023; dag, tid och plats för sammanträdet "
        "finns inte i källan.",
    )


def _agreement(title, parties, signatories, **values) -> CooperationAgreement:
    """Upsert an agreement with its parties and signatories (by title)."""
    agreement = upsert(
        CooperationAgreement, {"title": title}, parties_key=parties_key_of(parties), **values
    )
    set_related(agreement.parties, parties)
    for person, organisation, title_at_signing in signatories:
        upsert(
            AgreementSignatory,
            {"agreement": agreement, "person": Person.objects.get(name=person)},
            organisation=Organisation.objects.get(name=organisation),
            title_at_signing=title_at_signing,
        )
    return agreement


@seed_step()
def cooperation_agreements(ctx: SeedContext) -> None:
    parties = [Organisation.objects.get(name=VASTERAS), Organisation.objects.get(name=LPO)]
    _agreement(
        AGREEMENT_2019,
        parties,
        [
            ("Anders Teljebäck", VASTERAS, "kommunstyrelsens ordförande"),
            ("Linda Hedmark", LPO, "tf lokalpolisområdeschef Västerås"),
        ],
        valid_from=date(2019, 11, 6),
        valid_to=date(2023, 3, 1),
        goal=GOAL,
        summary=SUMMARY_2019,
        focus_areas="\n".join(FOCUS_2019),
        note=NOTE_2019,
    )
    _agreement(
        AGREEMENT_2023,
        parties,
        [],
        valid_from=date(2023, 6, 1),
        valid_to=None,
        # The sources give neither the 2023 agreement's goal nor its content; the 2019
        # goal is not carried over silently.
        goal="",
        summary="Ny överenskommelse om hur Västerås stad och Lokalpolisområde Västerås ska "
        "arbeta tillsammans med trygghetsskapande och brottsförebyggande frågor. Källan "
        "anger inte överenskommelsens mål och innehåll.",
        note=NOTE_2023,
    )


DEMO_MEETING = "Trygghetsrådet – nästa sammanträde (demo)"
DEMO_AGENDA = [
    # (title, duration, presenter username or None, presenter name)
    ("Välkommen och föregående protokoll", 10, None, "Staffan Jansson (S)"),
    ("Lägesbild från polisen", 20, "polis", "Lokalpolisområde Västerås"),
    ("Veckans EST-lägesbild och trender", 20, "samordnare", "Stadsledningskontoret"),
    ("Trygghetspaketet: uppföljning", 20, "samordnare", "Stadsledningskontoret"),
    ("Samverkansöverenskommelsen", 10, None, "Lars Jansson"),
    ("Övriga frågor", 10, None, ""),
]


def _thursday(day: date) -> date:
    """The Thursday of `day`'s week or the next one (councils meet on weekdays, and not
    between Christmas and the New Year or in the July holidays)."""
    day += timedelta(days=(3 - day.weekday()) % 7)
    while day.month == 7 or (day.month, day.day) >= (12, 20) or (day.month, day.day) < (1, 7):
        day += timedelta(weeks=1)
    return day


def _demo_meeting(council, title: str, day: date, **values) -> Meeting:
    meeting = Meeting.objects.filter(council=council, title=title).first()
    if meeting is None:
        meeting = Meeting(
            council=council,
            title=title,
            starts_at=datetime.combine(day, time(13, 0), tzinfo=STOCKHOLM),
            ends_at=datetime.combine(day, time(15, 0), tzinfo=STOCKHOLM),
            place="Stadshuset, Västerås",
            is_demo=True,
            **values,
        )
        meeting.full_clean()
        meeting.save()
    for order, (item, minutes, username, presenter_name) in enumerate(DEMO_AGENDA, start=1):
        upsert(
            AgendaItem,
            {"meeting": meeting, "order": order},
            title=item,
            duration_minutes=minutes,
            presenter=User.objects.filter(username=username).first() if username else None,
            presenter_name=presenter_name,
        )
    return meeting


# Held demo meetings: (weeks before the seed day, decision)
DEMO_HELD = [
    (38, "Rådet ger Stadsledningskontoret i uppdrag att tillsammans med polisen ta fram "
     "en lägesbild som underlag för nästa sammanträde."),
    (25, "Rådet ställer sig bakom att trygghetsvandringar genomförs i Råby och Bäckby "
     "under våren."),
    (12, "Rådet noterar lägesbilden och ber om en uppföljning av belysningen i "
     "Vasaparken till nästa sammanträde."),
]  # fmt: skip


@seed_step(demo=True)
def demo_meeting(ctx: SeedContext) -> None:
    """Demo meetings of their own: three held (minutes, a decision, the pack) and the next
    one, about four weeks ahead. Created once around the day of the first seed, so a
    second run changes nothing; the real meetings of the seeds get nothing from the demo."""
    council = Council.objects.get(name=COUNCIL)
    today = timezone.localdate()
    for weeks_before, decision in DEMO_HELD:
        day = _thursday(today - timedelta(weeks=weeks_before))
        title = f"Trygghetsrådet {_MONTHS[day.month - 1]} {day.year} (demo)"
        if Meeting.objects.filter(council=council, title=title).exists():
            continue
        meeting = _demo_meeting(
            council,
            title,
            day,
            status=Meeting.Status.HELD,
            minutes="Demo: rådet gick igenom lägesbilden, trygghetspaketets uppföljning och "
            "samverkansöverenskommelsen.",
            pack_published_at=datetime.combine(
                day - timedelta(days=7), time(9, 0), tzinfo=STOCKHOLM
            ),
        )
        upsert(Decision, {"meeting": meeting, "number": 1}, text=f"(Demo) {decision}")
    if not Meeting.objects.filter(council=council, title=DEMO_MEETING).exists():
        _demo_meeting(
            council,
            DEMO_MEETING,
            _thursday(today + timedelta(days=28)),
            pack_published_at=timezone.now(),
        )


_MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


@seed_step(demo=True)
def demo_board_reports(ctx: SeedContext) -> None:
    """Demo: the samordningsfunktion's reports to kommunstyrelsen this year."""
    council = Council.objects.filter(name=COUNCIL).first()
    ks = Committee.objects.filter(short_name="KS").first()
    if council is None or ks is None:
        return
    today = timezone.localdate()
    for month, title in ((3, "Lägesbild och åtgärdsplan (demo)"), (9, "Delårsrapport (demo)")):
        day = date(today.year, month, 20)
        if day > today:
            continue
        upsert(
            BoardReport,
            {"council": council, "date": day, "title": title},
            committee=ks,
            reference="Demo – inget verkligt ärende",
            summary="Demo: trygghetsrådets arbete, årets lägesbild och åtgärdernas läge.",
            is_demo=True,
        )
