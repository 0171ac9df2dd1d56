"""Lost updates: two people edit the same problembild or allocation at once.

The second save is refused with a clear Swedish message, nothing of the first is lost,
and the second user's input stays in the form.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.models import AnnualPicture, Problem
from tests.factories import AllocationFactory

CONFLICT = "Någon annan har ändrat"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_coordinators(make_user, role_users):
    return role_users["samordnare"], make_user("samordnare", username="anna.samordnare")


def _problem_data(form, **changes):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = value
    data.update(changes)
    return data


@pytest.mark.django_db
def test_second_problem_edit_is_refused_and_keeps_its_input(two_coordinators):
    first, second = two_coordinators
    picture = AnnualPicture.objects.create(year=2023)
    problem = Problem.objects.create(
        annual_picture=picture, rank=1, title="Klotter i centrum", description="Klotter."
    )
    url = reverse("lagesbild:problem_update", kwargs={"pk": problem.pk})
    a, b = _client(first), _client(second)
    # Both open the form before either saves.
    form_a = a.get(url).context["form"]
    form_b = b.get(url).context["form"]

    response = a.post(url, _problem_data(form_a, cause_place="Dålig belysning vid torget"))
    assert response.status_code == 302

    mine = "Skolbarn samlas efter 15 vid busshållplatsen"
    response = b.post(url, _problem_data(form_b, cause_place=mine))
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "medan du redigerade" in page
    assert "Ladda om sidan" in page
    assert mine in page  # the second user's input is still in the form

    problem.refresh_from_db()
    assert problem.cause_place == "Dålig belysning vid torget"
    assert problem.version == 2

    # After reloading, the second user's save goes through.
    response = b.post(url, _problem_data(b.get(url).context["form"], cause_place=mine))
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.cause_place == mine
    assert problem.version == 3


@pytest.mark.django_db
def test_moving_a_problem_does_not_count_as_a_conflicting_edit(two_coordinators):
    first, second = two_coordinators
    picture = AnnualPicture.objects.create(year=2023)
    problem = Problem.objects.create(annual_picture=picture, rank=1, title="A", description="A")
    Problem.objects.create(annual_picture=picture, rank=2, title="B", description="B")
    url = reverse("lagesbild:problem_update", kwargs={"pk": problem.pk})
    form = _client(second).get(url).context["form"]
    move = reverse("lagesbild:problem_move", kwargs={"pk": problem.pk})
    assert _client(first).post(move, {"direction": "down"}).status_code == 302
    response = _client(second).post(url, _problem_data(form, title="A, omformulerad"))
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.rank, problem.title) == (2, "A, omformulerad")


@pytest.mark.django_db
def test_second_allocation_edit_is_refused_and_keeps_its_input(two_coordinators):
    first, second = two_coordinators
    allocation = AllocationFactory(amount=Decimal("100000"), label="Kulturnämnden")
    url = reverse(
        "budget:allocation_update",
        kwargs={"pk": allocation.theme.package_id, "allocation_pk": allocation.pk},
    )
    a, b = _client(first), _client(second)
    version_a = a.get(url).context["form"].initial["version"]
    version_b = b.get(url).context["form"].initial["version"]

    assert a.post(url, {"amount": "150 000", "label": "A", "version": version_a}).status_code == 302
    response = b.post(url, {"amount": "90 000", "label": "B:s text", "version": version_b})
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "B:s text" in page
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("150000")
    assert allocation.label == "A"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_two_connections_only_one_wins(make_user):
    """The claim is one UPDATE … WHERE version = n: racing transactions cannot both pass."""
    import threading

    from django.db import connection

    from budget import services
    from budget.models import Allocation
    from core.locking import EditConflict

    allocation = AllocationFactory(amount=Decimal("100000"))
    barrier = threading.Barrier(2)
    outcomes = []

    def save(amount):
        try:
            obj = Allocation.objects.select_related("theme").get(pk=allocation.pk)
            barrier.wait(timeout=5)
            services.allocation_update(allocation=obj, amount=Decimal(amount), version=1)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(a,)) for a in ("110000", "120000")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes) == ["conflict", "saved"]
    allocation.refresh_from_db()
    assert allocation.version == 2


@pytest.mark.django_db
def test_each_save_moves_the_version_on_by_one_and_the_next_edit_starts_from_it():
    """An editor who saved may edit again from the version the save gave them."""
    from core.locking import version_claim

    problem = Problem.objects.create(
        annual_picture=AnnualPicture.objects.create(year=2023), rank=1, title="Klotter"
    )
    assert problem.version == 1
    assert version_claim(problem, version=1) == 2  # the very first edit, at version 1
    assert version_claim(problem, version=2) == 3
    problem.refresh_from_db()
    assert problem.version == 3


@pytest.mark.django_db
@pytest.mark.parametrize("seen", [None, 0, "1"])
def test_an_edit_of_unknown_age_is_a_conflict_not_an_error(seen):
    """A form posted without its version (or a garbled one) is refused as a conflict."""
    from core.locking import EditConflict, version_claim

    problem = Problem.objects.create(
        annual_picture=AnnualPicture.objects.create(year=2023), rank=1, title="Klotter"
    )
    with pytest.raises(EditConflict):
        version_claim(problem, version=seen)
    problem.refresh_from_db()
    assert problem.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("version", [None, "", "sju"])
def test_an_edit_posted_without_its_version_says_conflict_and_keeps_the_input(role_users, version):
    """A form that lost its hidden version (an old tab, a hand-made post) is not a
    field error the user cannot see or fix: it is the conflict message, with the input
    still in the form, and nothing saved."""
    allocation = AllocationFactory(amount=Decimal("100000"), label="Kulturnämnden")
    url = reverse(
        "budget:allocation_update",
        kwargs={"pk": allocation.theme.package_id, "allocation_pk": allocation.pk},
    )
    data = {"amount": "90 000", "label": "Min text"}
    if version is not None:
        data["version"] = version
    response = _client(role_users["samordnare"]).post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "obligatoriskt" not in page
    assert "Min text" in page
    allocation.refresh_from_db()
    assert (allocation.amount, allocation.label, allocation.version) == (
        Decimal("100000"),
        "Kulturnämnden",
        1,
    )
