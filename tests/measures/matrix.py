"""Role matrix rows for measures.

The measure belongs to the police: the police liaison may edit it, the partner reporter
(Mimer) may not even see it (404), the council member reads it (edits 403).
"""

from tests.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    GoalFactory,
    MeasureFactory,
)
from tests.matrix import ANON, Route, page, public


def objects(users: dict) -> dict:
    measure = MeasureFactory(owner=users["polis"].organisation, title="Polisens insats")
    return {
        "measure": measure,
        "plan": ActionPlanFactory(),
        "promise": CitizenPromiseFactory(),
        "goal": GoalFactory(),
    }


EDITORS = ("samordnare", "polis", "rapportor")
COORD = ("samordnare",)
PLAN_READERS = ("samordnare", "polis", "ledamot")


def measure_page(edit: bool) -> dict:
    """Police's measure: reporters of another organisation get 404, members 403 on edits."""
    return {
        ANON: 302,
        "samordnare": 200,
        "polis": 200,
        "rapportor": 404,
        "ledamot": 403 if edit else 200,
    }


ROUTES = [
    Route("measures:board", page()),
    Route("measures:measure_create", page(EDITORS)),
    Route(
        "measures:measure_create",
        page(EDITORS),
        query="area=999&category=999&from=hotspot",
    ),
    Route("measures:measure_detail", measure_page(False), lambda o: {"pk": o["measure"].pk}),
    Route("measures:measure_update", measure_page(True), lambda o: {"pk": o["measure"].pk}),
    Route("measures:follow_up_create", measure_page(True), lambda o: {"pk": o["measure"].pk}),
    Route("measures:measure_effect", measure_page(False), lambda o: {"pk": o["measure"].pk}),
    Route("measures:plan_list", page(PLAN_READERS)),
    Route("measures:plan_create", page(COORD)),
    Route("measures:plan_detail", page(PLAN_READERS), lambda o: {"pk": o["plan"].pk}),
    Route("measures:plan_update", page(COORD), lambda o: {"pk": o["plan"].pk}),
    Route("measures:promises", public()),
    Route("measures:promise_manage", page(COORD)),
    Route("measures:promise_create", page(COORD)),
    Route("measures:promise_update", page(COORD), lambda o: {"pk": o["promise"].pk}),
    Route("measures:promise_report_create", page(COORD), lambda o: {"pk": o["promise"].pk}),
]

# Goals, the trygghetsmätning and partners: coordinators edit, police and members read,
# partner reporters have no access.
GOAL_READERS = ("samordnare", "polis", "ledamot")
ROUTES += [
    Route("measures:goal_list", page(GOAL_READERS)),
    Route("measures:goal_create", page(COORD)),
    Route("measures:goal_detail", page(GOAL_READERS), lambda o: {"pk": o["goal"].pk}),
    Route("measures:goal_update", page(COORD), lambda o: {"pk": o["goal"].pk}),
    Route("measures:survey_compare", page(GOAL_READERS)),
    Route("measures:survey_import", page(COORD)),
    Route("measures:survey_template", page(COORD), lambda o: {"fmt": "csv"}),
    Route("measures:partner_list", page(GOAL_READERS)),
]
