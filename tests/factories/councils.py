"""factory_boy factories of councils."""

import factory
from django.contrib.auth.models import Group

from councils.models import Committee, Organisation, User

__all__ = [
    "TEST_PASSWORD",
    "CommitteeFactory",
    "OrganisationFactory",
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
