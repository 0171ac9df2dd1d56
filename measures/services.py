"""Writes of measures: measures with optimistic locking, follow-ups, plans, promises."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.locking import EditConflict, version_claim
from councils.models import Organisation
from councils.permissions import can, users_who_can

from .models import ActionPlan, ActionPlanEntry, CitizenPromise, FollowUp, Measure, PromiseReport

# The fields a measure form edits (M2M fields are set after the row is saved).
MEASURE_M2M = ("problems", "areas", "categories", "partners", "focus_areas")


def _set_m2m(obj, m2m: dict[str, Iterable]) -> None:
    for name, values in m2m.items():
        if values is not None:
            getattr(obj, name).set(values)


@transaction.atomic
def measure_create(*, user, m2m: dict[str, Iterable] | None = None, **fields) -> Measure:
    """Create a measure; non-coordinators may only create their own organisation's."""
    measure = Measure(**fields, created_by=user)
    if not can(user, "measure.edit_all") and measure.owner_id != user.organisation_id:
        raise PermissionDenied
    measure.full_clean()
    measure._history_user = user
    measure.save()
    _set_m2m(measure, m2m or {})
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, user, version: int, m2m: dict[str, Iterable] | None = None, **fields
) -> Measure:
    """Save changes unless another edit was saved since `version` was read.

    The check is one UPDATE … WHERE version = n, so two concurrent saves cannot both pass.
    """
    if not Measure.objects.editable_by(user).filter(pk=measure.pk).exists():
        raise PermissionDenied
    owner = fields.get("owner", measure.owner)
    if not can(user, "measure.edit_all") and owner.pk != user.organisation_id:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean(exclude=["version"])
    try:
        version_claim(measure, version=version)
    except EditConflict:
        # Name who saved in between: the people editing a measure know each other.
        latest = Measure.history.filter(id=measure.pk).select_related("history_user").first()
        author = latest.history_user if latest else None
        message = _(
            "%(who)s saved this measure while you were editing it. Your changes were not "
            "saved: open the measure again to see the new version, then make your changes."
        )
        who = (author.get_full_name() or author.get_username()) if author else _("Someone else")
        raise EditConflict(message % {"who": who}, code="conflict") from None
    measure._history_user = user
    measure.save()
    _set_m2m(measure, m2m or {})
    return measure


@transaction.atomic
def follow_up_add(
    *,
    measure: Measure,
    user,
    done: str,
    result: str = "",
    next_step: str = "",
    date: dt.date | None = None,
    next_due: dt.date | None = None,
    progress: int | None = None,
) -> FollowUp:
    """Record a follow-up by the owner organisation; moves the next due date on."""
    if not Measure.objects.editable_by(user).filter(pk=measure.pk).exists():
        raise PermissionDenied
    follow_up = FollowUp(
        measure=measure,
        date=date or timezone.localdate(),
        done=done,
        result=result,
        next_step=next_step,
        organisation=measure.owner,
        author=user,
    )
    follow_up.full_clean()
    follow_up.save()
    changed = {}
    if next_due != measure.next_follow_up_due:
        changed["next_follow_up_due"] = next_due
    if progress is not None and progress != measure.progress:
        changed["progress"] = progress
    if changed:
        for name, value in changed.items():
            setattr(measure, name, value)
        measure.full_clean(exclude=["version"])
        Measure.objects.filter(pk=measure.pk).update(version=F("version") + 1)
        measure.version += 1
        measure._history_user = user
        measure.save()
    return follow_up


@transaction.atomic
def action_plan_save(*, plan: ActionPlan, entries: Iterable[dict] = ()) -> ActionPlan:
    """Save a plan and its actions (each dict: measure, heading, priority, responsible)."""
    plan.full_clean()
    plan.save()
    keep = []
    for data in entries:
        entry = ActionPlanEntry.objects.filter(plan=plan, measure=data["measure"]).first()
        entry = entry or ActionPlanEntry(plan=plan, measure=data["measure"])
        entry.problem = data.get("problem")
        entry.heading = data.get("heading", "")
        entry.priority = data.get("priority") or 1
        entry.responsible = data.get("responsible") or data["measure"].owner
        entry.full_clean()
        entry.save()
        keep.append(entry.pk)
    plan.entries.exclude(pk__in=keep).delete()
    return plan


def action_plan_entry_add(
    *, plan: ActionPlan, measure: Measure, heading: str = "", priority: int = 1, responsible=None
) -> ActionPlanEntry:
    """Add a measure to a plan; the responsible party defaults to the measure's owner."""
    entry = ActionPlanEntry(
        plan=plan,
        measure=measure,
        heading=heading,
        priority=priority,
        responsible=responsible or measure.owner,
    )
    entry.full_clean()
    entry.save()
    return entry


ENTRY_DESCRIPTION_FIELDS = (
    "goal",
    "goal_text",
    "effect_short",
    "effect_long",
    "activities",
    "milestones",
    "resources",
    "indicator",
    "follow_up_method",
)


@transaction.atomic
def action_plan_entry_describe(*, entry: ActionPlanEntry, **fields) -> ActionPlanEntry:
    """Describe an action as Brå's guidance asks: goal, effects, activities, timetable,
    resources, indicator and follow-up."""
    unknown = set(fields) - set(ENTRY_DESCRIPTION_FIELDS)
    if unknown:
        raise TypeError(f"not a field of the action's description: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save(update_fields=list(fields))
    return entry


def promise_report_add(
    *, promise: CitizenPromise, date: dt.date, text: str, is_public: bool = True
) -> PromiseReport:
    """Add a follow-up report to a citizen promise."""
    report = PromiseReport(promise=promise, date=date, text=text, is_public=is_public)
    report.full_clean()
    report.save()
    return report


def _recipients(organisation: Organisation, measures) -> list[str]:
    """The measures' contact users, else the organisation's users asked for follow-ups."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    contacts = users.filter(measures_contact__in=measures).distinct()
    chosen = (
        contacts
        if contacts.exists()
        else users_who_can("measure.contact").filter(organisation=organisation).exclude(email="")
    )
    return sorted(chosen.values_list("email", flat=True))


def measures_notify_overdue(*, day: dt.date | None = None) -> int:
    """E-mail each owner organisation the measures whose follow-up is overdue; returns mails.

    The mail names measures and due dates only: never incident text.
    """
    day = day or timezone.localdate()
    overdue = Measure.objects.follow_up_overdue(day).select_related("owner")
    sent = 0
    for owner_id in sorted(set(overdue.values_list("owner_id", flat=True))):
        owner = Organisation.objects.get(pk=owner_id)
        mine = overdue.filter(owner_id=owner_id).order_by("next_follow_up_due", "title")
        to = _recipients(owner, mine)
        if not to:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {"organisation": owner, "measures": list(mine), "day": day}
            subject = _("Follow-up overdue for %(n)s measures") % {"n": len(context["measures"])}
            body = render_to_string("measures/email/overdue.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        sent += 1
    return sent
