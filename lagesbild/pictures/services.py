"""Writes of the weekly and annual lägesbild and the problembilder."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core.isoweek import Week
from core.locking import version_claim

from .. import selectors
from ..figures.annual import annual_figures
from ..figures.weekly import weekly_figures
from ..models import AnnualPicture, PictureStatus, Problem, WeeklyPicture

# Ranks are moved out of the way by this much while a ranking is rewritten, so that the
# unique (annual picture, rank) constraint holds after every single UPDATE.
RANK_OFFSET = 10_000


def _claim(picture, *, created: bool, version: int | None) -> None:
    """The optimistic lock of a picture created on its first save: an editor who saw no
    picture (version 0) may create it; anyone else needs the version they saw."""
    if created and version == 0:
        return
    version_claim(picture, version=version)


@transaction.atomic
def weekly_picture_save(
    *, week: Week, assessment: str, problems: Iterable[Problem], user, version: int | None
):
    """Create or update the week's picture (draft or published); the snapshot is kept.

    `version` is the one the editor saw (0: there was no picture yet); EditConflict if it
    is missing or someone saved since.
    """
    picture, created = WeeklyPicture.objects.get_or_create(
        iso_year=week.iso_year, iso_week=week.iso_week
    )
    _claim(picture, created=created, version=version)
    picture.assessment = assessment.strip()
    picture.updated_by = user
    picture._history_user = user
    picture.full_clean(exclude=["version"])
    picture.save()
    picture.problems.set(problems)
    return picture


@transaction.atomic
def weekly_picture_publish(*, week: Week, user) -> WeeklyPicture:
    """Publish the week: freeze its figures as a snapshot (publishing again refreshes it),
    with each reporting organisation's status, so the week says who had not reported."""
    picture, _created = WeeklyPicture.objects.select_for_update().get_or_create(
        iso_year=week.iso_year, iso_week=week.iso_week
    )
    picture.snapshot = weekly_figures(week)
    picture.reporting = [
        {k: row[k] for k in ("organisation", "status", "incidents")}
        for row in selectors.reporting_status(week)
    ]
    picture.status = PictureStatus.PUBLISHED
    picture.published_at = timezone.now()
    picture.published_by = user
    picture.updated_by = user
    picture._history_user = user
    picture.full_clean()
    picture.save()
    return picture


@transaction.atomic
def annual_picture_save(*, year: int, user, version: int | None, **fields) -> AnnualPicture:
    """Create or update the annual picture of `year` (title, analysis and inputs).

    `version` is the one the editor saw (0: there was no picture yet); EditConflict if it
    is missing or someone saved since.
    """
    picture, created = AnnualPicture.objects.get_or_create(year=year)
    _claim(picture, created=created, version=version)
    for name, value in fields.items():
        setattr(picture, name, value)
    picture._history_user = user
    picture.full_clean(exclude=["version"])
    picture.save()
    return picture


@transaction.atomic
def victim_consequences_save(*, picture: AnnualPicture, changed: list, deleted: list) -> None:
    """Save the annual picture's changed victim/consequence rows and delete `deleted`
    (rows of this picture only)."""
    for row in deleted:
        if row.pk and row.annual_picture_id == picture.pk:
            row.delete()
    for row in changed:
        if row.pk and row.annual_picture_id != picture.pk:
            raise ValueError("A row of another annual picture.")
        row.annual_picture = picture
        row.full_clean()
        row.save()


def annual_picture_ensure(*, year: int, user, title: str) -> AnnualPicture:
    """The annual picture of `year`, created with `title` if there is none (an existing
    one is left as it is)."""
    picture, created = AnnualPicture.objects.get_or_create(year=year, defaults={"title": title})
    if created:
        picture._history_user = user
    return picture


@transaction.atomic
def annual_picture_publish(*, picture: AnnualPicture, user) -> AnnualPicture:
    """Publish the annual picture with a snapshot of the year's figures."""
    picture.snapshot = annual_figures(picture.year)
    picture.status = PictureStatus.PUBLISHED
    picture.published_at = timezone.now()
    picture._history_user = user
    picture.full_clean()
    picture.save()
    return picture


@transaction.atomic
def problem_create(
    *, annual_picture: AnnualPicture, user, areas=(), categories=(), focus_areas=(), **fields
):
    """Add a problembild last in the year's ranking."""
    AnnualPicture.objects.select_for_update().get(pk=annual_picture.pk)
    last = annual_picture.problems.aggregate(last=Max("rank"))["last"] or 0
    problem = Problem(annual_picture=annual_picture, rank=last + 1, **fields)
    problem._history_user = user
    problem.full_clean()
    problem.save()
    problem.areas.set(areas)
    problem.categories.set(categories)
    problem.focus_areas.set(focus_areas)
    return problem


@transaction.atomic
def problem_update(
    *,
    problem: Problem,
    user,
    areas=None,
    categories=None,
    focus_areas=None,
    version: int | None = None,
    **fields,
) -> Problem:
    """Change a problembild's text, filter or orsaksanalys (not its rank).

    `version` is the one the editor saw; EditConflict if someone saved since.
    """
    for name, value in fields.items():
        setattr(problem, name, value)
    problem._history_user = user
    problem.full_clean()
    version_claim(problem, version=version)
    # Not the rank: a concurrent move in the ranking must survive this edit.
    problem.save(update_fields=[*fields, "updated_at", "version"])
    if areas is not None:
        problem.areas.set(areas)
    if categories is not None:
        problem.categories.set(categories)
    if focus_areas is not None:
        problem.focus_areas.set(focus_areas)
    return problem


@transaction.atomic
def problem_rank_set(*, annual_picture: AnnualPicture, order: list[int], user) -> None:
    """Rank the year's problems in `order` (problem ids, most important first).

    Every problem whose rank changes gets one history record with the user, so the
    ranking's history can be read back from Problem.history.
    """
    AnnualPicture.objects.select_for_update().get(pk=annual_picture.pk)
    problems = {p.pk: p for p in annual_picture.problems.all()}
    if sorted(order) != sorted(problems):
        raise ValueError("The order must list every problem of the year exactly once.")
    # Out of the way without history, then each moved problem saved at its new rank.
    annual_picture.problems.update(rank=F("rank") + RANK_OFFSET)
    for new_rank, pk in enumerate(order, start=1):
        problem = problems[pk]
        if problem.rank == new_rank:
            Problem.objects.filter(pk=pk).update(rank=new_rank)
            continue
        problem.rank = new_rank
        problem._history_user = user
        problem.save(update_fields=["rank", "updated_at"])


def problem_move(*, problem: Problem, up: bool, user) -> None:
    """Move a problem one step up or down in its year's ranking."""
    order = list(problem.annual_picture.problems.order_by("rank").values_list("pk", flat=True))
    i = order.index(problem.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
        problem_rank_set(annual_picture=problem.annual_picture, order=order, user=user)
