"""Role matrix rows for measures.

The measure belongs to the police: the police liaison may edit it, the partner reporter
(Mimer) may not even see it (404), the council member reads it (edits 403).
"""

from tests.factories import (
    ActionPlanEntryFactory,
    ActionPlanFactory,
    CitizenPromiseFactory,
    GoalFactory,
    MeasureFactory,
)
from tests.matrix import Route, needs, public


def objects(users: dict) -> dict:
    measure = MeasureFactory(owner=users["polis"].organisation, title="Polisens insats")
    plan = ActionPlanFactory()
    return {
        "measure": measure,
        "plan": plan,
        # Its own measure: tests/test_accessibility.py puts the measure above in the plan.
        "entry": ActionPlanEntryFactory(plan=plan),
        "promise": CitizenPromiseFactory(),
        "goal": GoalFactory(),
    }


def _measure(o):
    return {"pk": o["measure"].pk}


def _promise(o):
    return {"pk": o["promise"].pk}


def measure_page(capability: str) -> dict:
    """Police's measure: a reporter of another organisation gets 404 (it is hidden from
    them), a member 403 on edits."""
    expect = needs(capability)
    expect["rapportor"] = 404
    return expect


ROUTES = [
    Route("measures:board", needs("measure.read")),
    Route("measures:measure_create", needs("measure.edit_own")),
    Route(
        "measures:measure_create",
        needs("measure.edit_own"),
        query="area=999&category=999&from=hotspot",
    ),
    Route("measures:measure_detail", measure_page("measure.read"), _measure),
    Route("measures:measure_update", measure_page("measure.edit_own"), _measure),
    Route("measures:follow_up_create", measure_page("measure.edit_own"), _measure),
    Route("measures:measure_effect", measure_page("measure.read"), _measure),
    Route("measures:plan_list", needs("plan.read")),
    Route("measures:plan_create", needs("plan.edit")),
    Route("measures:plan_detail", needs("plan.read"), lambda o: {"pk": o["plan"].pk}),
    Route("measures:plan_update", needs("plan.edit"), lambda o: {"pk": o["plan"].pk}),
    Route(
        "measures:plan_entry_update",
        needs("plan.edit"),
        lambda o: {"pk": o["plan"].pk, "entry_pk": o["entry"].pk},
    ),
    Route("measures:promises", public()),
    Route("measures:promise_manage", needs("promise.manage")),
    Route("measures:promise_create", needs("promise.manage")),
    Route("measures:promise_update", needs("promise.manage"), _promise),
    Route("measures:promise_report_create", needs("promise.manage"), _promise),
]

# Goals, the trygghetsmätning and partners: coordinators edit, police and members read,
# partner reporters have no access.
ROUTES += [
    Route("measures:goal_list", needs("goal.read")),
    Route("measures:goal_create", needs("goal.edit")),
    Route("measures:goal_detail", needs("goal.read"), lambda o: {"pk": o["goal"].pk}),
    Route("measures:goal_update", needs("goal.edit"), lambda o: {"pk": o["goal"].pk}),
    Route("measures:survey_compare", needs("goal.read")),
    Route("measures:survey_import", needs("goal.edit")),
    Route("measures:survey_template", needs("goal.edit"), lambda o: {"fmt": "csv"}),
    Route("measures:partner_list", needs("goal.read")),
]

# The weekly EST meeting and the feedback to reporters. The meeting's participants are
# the police and Mimer, so the Mimer reporter reads its minutes; members have no access.
_measure_objects = objects


def objects(users: dict) -> dict:  # extends the objects above
    import datetime as dt

    from measures.models import EstMeeting

    meeting = EstMeeting.objects.create(held_on=dt.date(2023, 2, 20))
    meeting.organisations.set([users["polis"].organisation, users["rapportor"].organisation])
    return {**_measure_objects(users), "meeting": meeting}


def _meeting(o):
    return {"pk": o["meeting"].pk}


_EST_POST = needs("est_meeting.edit", ok=302)

ROUTES += [
    Route("measures:est_meetings", needs("est_meeting.read")),
    Route("measures:est_meeting_create", needs("est_meeting.edit")),
    Route("measures:est_meeting_detail", needs("est_meeting.read"), _meeting),
    Route(
        "measures:est_note_add",
        _EST_POST,
        _meeting,
        method="post",
        data={"kind": "trend", "topic": "Resecentrum", "text": "Fler samlingar kvällstid."},
    ),
    # No organisation chosen: those allowed reach the form, which answers 400.
    Route(
        "measures:est_action_add",
        needs("est_meeting.edit", ok=400),
        _meeting,
        method="post",
        data={"kind": "measure", "what": "Förstärkt bevakning", "due_on": "2023-03-06"},
    ),
    Route("measures:est_minutes_send", _EST_POST, _meeting, method="post"),
    Route("measures:feedback", needs("reporting.feedback")),
]
