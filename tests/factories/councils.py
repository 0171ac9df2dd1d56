"""factory_boy factories of councils."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from councils.models import (
    AgendaItem,
    Committee,
    CooperationAgreement,
    Council,
    FocusArea,
    Meeting,
    Membership,
    Organisation,
    Person,
    Seat,
    User,
)

__all__ = [
    "TEST_PASSWORD",
    "AgendaItemFactory",
    "CommitteeFactory",
    "CooperationAgreementFactory",
    "CouncilFactory",
    "FocusAreaFactory",
    "MeetingFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PersonFactory",
    "SeatFactory",
    "UserFactory",
]

TEST_PASSWORD = "test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:40])
    kind = Organisation.Kind.OTHER


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    short_name = factory.Sequence(lambda n: f"N{n}")
    organisation = factory.SubFactory(OrganisationFactory, name="Västerås stad", kind="kommun")


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `UserFactory(role="polis")` puts them in that role's group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        if extracted:
            obj.groups.add(Group.objects.get_or_create(name=extracted)[0])


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Trygghetsrådet Västerås"

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        """The three insatsområden (or the names given)."""
        if not create:
            return
        names = extracted or [
            "Unga i riskzon",
            "Särskilt utsatta brottsoffer",
            "Avhopparverksamhet",
        ]
        for order, name in enumerate(names, start=1):
            FocusArea.objects.get_or_create(council=obj, name=name, defaults={"order": order})


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("council", "name")

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Insatsområde {n}")
    order = factory.Sequence(lambda n: n)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    council = factory.SubFactory(CouncilFactory)
    label = factory.Sequence(lambda n: f"Presidium {n}")
    committee = factory.SubFactory(CommitteeFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Förtroendevald {n}")
    title = "ledamot"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    valid_from = date(2023, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Sammanträde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    place = "Stadshuset"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    duration_minutes = 15


class CooperationAgreementFactory(factory.django.DjangoModelFactory):
    """An agreement; `parties=[a, b]` sets the parties and their key."""

    class Meta:
        model = CooperationAgreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Samverkansöverenskommelse {n}")
    # Unique until `parties` sets the real key, so creation itself never collides.
    parties_key = factory.Sequence(lambda n: f"factory-{n}")
    valid_from = date(2019, 11, 6)
    valid_to = date(2023, 3, 1)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        from councils.models import parties_key_of

        if extracted:
            obj.parties.set(extracted)
            obj.parties_key = parties_key_of(extracted)
            obj.save(update_fields=["parties_key"])
