"""Council members on a date, and the agreements' invariants in the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from councils.models import CooperationAgreement, Membership
from councils.services import agreement_save, agreement_terminate
from tests.factories import (
    CooperationAgreementFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)


@pytest.fixture
def parties(db):
    return [
        OrganisationFactory(name="Västerås stad", kind="kommun"),
        OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis"),
    ]


@pytest.mark.django_db
def test_members_as_of_a_date_is_one_query_and_keeps_history(django_assert_num_queries):
    seat = SeatFactory(label="Kommunstyrelsens presidium")
    old = MembershipFactory(
        seat=seat,
        person=PersonFactory(name="Anders Teljebäck"),
        role=Membership.Role.CO_CHAIR,
        valid_from=date(2021, 3, 31),
        valid_to=date(2022, 10, 31),
    )
    new = MembershipFactory(
        seat=seat,
        person=PersonFactory(name="Staffan Jansson"),
        role=Membership.Role.CO_CHAIR,
        valid_from=date(2022, 11, 1),
    )
    with django_assert_num_queries(1):
        in_2021 = [
            (m.person.name, m.seat.label) for m in Membership.objects.as_of(date(2021, 6, 1))
        ]
    assert in_2021 == [("Anders Teljebäck", "Kommunstyrelsens presidium")]
    assert list(Membership.objects.as_of(date(2022, 10, 31))) == [old]  # inclusive end
    assert list(Membership.objects.as_of(date(2023, 2, 15))) == [new]
    assert list(Membership.objects.as_of(date(2020, 1, 1))) == []


@pytest.mark.django_db
def test_membership_must_not_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(valid_from=date(2023, 2, 1), valid_to=date(2023, 1, 1))


@pytest.mark.django_db
def test_database_refuses_overlapping_agreements_between_the_same_parties(parties):
    assert connection.vendor == "postgresql"
    key = "-".join(str(p.pk) for p in sorted(parties, key=lambda p: p.pk))
    CooperationAgreement.objects.create(
        title="2019", parties_key=key, valid_from=date(2019, 11, 6), valid_to=date(2023, 3, 1)
    )
    # Straight INSERTs, no model validation: only the exclusion constraint stands between.
    refused = pytest.raises(IntegrityError, match="agreement_no_overlap_same_parties")
    with refused, transaction.atomic():
        CooperationAgreement.objects.create(
            title="Open-ended, starting inside", parties_key=key, valid_from=date(2023, 3, 1)
        )
    # The day after the end is free, also for an agreement with no end date.
    CooperationAgreement.objects.create(title="2023", parties_key=key, valid_from=date(2023, 6, 1))
    # Another set of parties may overlap.
    CooperationAgreement.objects.create(
        title="Other parties", parties_key=f"{key}-99", valid_from=date(2020, 1, 1)
    )
    assert CooperationAgreement.objects.count() == 3


@pytest.mark.django_db
def test_terminated_agreement_frees_the_rest_of_its_period_in_the_database(parties):
    key = "1-2"
    first = CooperationAgreement.objects.create(
        title="A", parties_key=key, valid_from=date(2019, 1, 1), valid_to=date(2024, 12, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CooperationAgreement.objects.create(title="B", parties_key=key, valid_from=date(2023, 1, 1))
    first.terminated_on = date(2022, 12, 31)
    first.save()
    CooperationAgreement.objects.create(title="B", parties_key=key, valid_from=date(2023, 1, 1))


@pytest.mark.django_db
def test_service_refuses_overlap_with_a_message_naming_the_other_agreement(parties):
    agreement_save(
        agreement=CooperationAgreement(
            title="Överenskommelse 2019–2023",
            valid_from=date(2019, 11, 6),
            valid_to=date(2023, 3, 1),
        ),
        parties=parties,
    )
    with pytest.raises(ValidationError) as error:
        agreement_save(
            agreement=CooperationAgreement(title="Ny", valid_from=date(2023, 1, 1)),
            parties=list(reversed(parties)),  # the order of parties does not matter
        )
    message = " ".join(error.value.messages)
    assert "Överenskommelse 2019–2023" in message
    assert "får inte överlappa" in message
    assert CooperationAgreement.objects.count() == 1


@pytest.mark.django_db
def test_terminate_sets_the_status(parties):
    agreement = CooperationAgreementFactory(
        valid_from=date(2020, 1, 1), valid_to=None, parties=parties
    )
    assert agreement.status_on(date(2024, 1, 1)) == "active"
    agreement_terminate(agreement=agreement, on=date(2023, 12, 31))
    assert agreement.status_on(date(2024, 1, 1)) == "terminated"
    assert agreement.status_on(date(2023, 12, 31)) == "active"
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=agreement, on=date(2019, 1, 1))
