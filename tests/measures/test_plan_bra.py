"""The åtgärdsplan as Brå describes it (issue #20 item 3) and focus areas / social
prevention on measures (item 5), through the pages a coordinator uses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from measures.models import ActionPlanEntry, Measure
from tests.factories import (
    ActionPlanEntryFactory,
    ActionPlanFactory,
    CouncilFactory,
    MeasureFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def focus():
    council = CouncilFactory()
    return {f.name: f for f in council.focus_areas.all()}


def test_a_social_prevention_measure_needs_a_target_group_but_no_area(role_users, focus, client):
    client.force_login(role_users["samordnare"])
    owner = role_users["samordnare"].organisation
    data = {
        "title": "Familjestöd för unga i riskzon",
        "kind": "social",
        "type": "social",
        "owner": owner.pk,
        "start_date": "2026-02-01",
        "status": "planerad",
        "progress": "0",
        "version": "1",
        "focus_areas": [focus["Unga i riskzon"].pk],
        "indicator": "Andel unga utan nya orosanmälningar efter sex månader.",
    }
    response = client.post(reverse("measures:measure_create"), data)
    assert response.status_code == 200
    assert "behöver sin målgrupp" in response.content.decode() or "target group" in (
        response.content.decode()
    )
    assert not Measure.objects.exists()

    data["target_group"] = "Unga 12–17 år i västra stadsdelarna"
    response = client.post(reverse("measures:measure_create"), data)
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.is_social and not measure.areas.exists() and not measure.categories.exists()
    assert list(measure.focus_areas.all()) == [focus["Unga i riskzon"]]
    page = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    assert "Unga 12–17 år i västra stadsdelarna" in page
    assert "Andel unga utan nya orosanmälningar" in page


def test_the_database_refuses_a_social_measure_without_target_group():
    measure = MeasureFactory.build(kind="social", target_group="", owner=OrganisationFactory())
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "target_group" in error.value.message_dict


def test_the_board_filters_by_focus_area_and_kind(role_users, focus, client):
    client.force_login(role_users["samordnare"])
    young = MeasureFactory(title="Fritidsgårdar kvällstid", kind="social", target_group="Unga")
    young.focus_areas.set([focus["Unga i riskzon"]])
    MeasureFactory(title="Belysning i parken")
    page = client.get(
        reverse("measures:board"), {"focus_areas": focus["Unga i riskzon"].pk}
    ).content.decode()
    assert "Fritidsgårdar kvällstid" in page and "Belysning i parken" not in page
    page = client.get(reverse("measures:board"), {"kind": "platsbaserad"}).content.decode()
    assert "Belysning i parken" in page and "Fritidsgårdar kvällstid" not in page


def test_describing_an_action_shows_every_part_on_the_plan(role_users, focus, client):
    client.force_login(role_users["samordnare"])
    entry = ActionPlanEntryFactory(
        plan=ActionPlanFactory(title="Åtgärdsplan 2026"),
        measure=MeasureFactory(title="Nattvandring i Skälby"),
        heading="Samlingar vid Skälby centrum",
    )
    plan_url = reverse("measures:plan_detail", args=[entry.plan_id])
    before = client.get(plan_url).content.decode()
    assert "Saknas ännu" in before or "Still missing" in before

    response = client.post(
        reverse("measures:plan_entry_update", args=[entry.plan_id, entry.pk]),
        {
            "goal_text": "Vuxennärvaro fredagskvällar i Skälby centrum.",
            "effect_short": "Färre samlingar vid centrum inom tre månader.",
            "effect_long": "Skälby upplevs som tryggt på kvällen.",
            "activities": "Nattvandring fredagar\nSamverkan med föreningar",
            "milestones": "2026-03 start\n2026-06 avstämning",
            "resources": "Tio volontärer per kväll.",
            "indicator": "EST-händelser fredagskvällar i Skälby.",
            "follow_up_method": "Månadsvis i EST; halvårsvis till trygghetsrådet.",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.missing_parts == []
    page = client.get(plan_url).content.decode()
    for text in (
        "Vuxennärvaro fredagskvällar",
        "Färre samlingar vid centrum",
        "upplevs som tryggt",
        "Samverkan med föreningar",
        "2026-06 avstämning",
        "Tio volontärer",
        "EST-händelser fredagskvällar",
        "halvårsvis till trygghetsrådet",
    ):
        assert text in page, text
    # The budget fills the funding slot: no kronor linked yet, a link to link them.
    assert "data-plan-funding" in page
    assert reverse("budget:plan_funding", args=[entry.pk]) in page


def test_describing_an_action_refuses_personal_data(role_users, client):
    client.force_login(role_users["samordnare"])
    entry = ActionPlanEntryFactory()
    response = client.post(
        reverse("measures:plan_entry_update", args=[entry.plan_id, entry.pk]),
        {"goal_text": "Ring 070-123 45 67 eller anna.andersson@example.com"},
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.goal_text == ""


def test_an_action_of_another_plan_is_not_found(role_users, client):
    client.force_login(role_users["samordnare"])
    entry = ActionPlanEntryFactory()
    other = ActionPlanFactory()
    url = reverse("measures:plan_entry_update", args=[other.pk, entry.pk])
    assert client.get(url).status_code == 404


def test_the_plan_records_its_adoption(role_users, client):
    client.force_login(role_users["samordnare"])
    plan = ActionPlanFactory()
    plan.adopted_on = dt.date(2026, 2, 1)
    plan.adopted_by = ""
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "adopted_by" in error.value.message_dict
    plan.adopted_by = "Kommunfullmäktige"
    plan.decision_reference = "KF 2026-02-01 § 12"
    plan.full_clean()
    plan.save()
    page = client.get(reverse("measures:plan_detail", args=[plan.pk])).content.decode()
    assert "Kommunfullmäktige" in page and "KF 2026-02-01 § 12" in page
    assert reverse("reports:action_plan_document", args=[plan.pk]) in page


def test_the_plan_lists_its_actions_by_focus_area(role_users, focus, client):
    client.force_login(role_users["samordnare"])
    plan = ActionPlanFactory()
    tagged = MeasureFactory(title="Avhopparstöd", kind="social", target_group="Avhoppare")
    tagged.focus_areas.set([focus["Avhopparverksamhet"]])
    ActionPlanEntryFactory(plan=plan, measure=tagged)
    ActionPlanEntryFactory(plan=plan, measure=MeasureFactory(title="Klottersanering"))
    page = client.get(reverse("measures:plan_detail", args=[plan.pk])).content.decode()
    section = page[page.index('id="by-focus-area"') :]
    assert section.index("Avhopparverksamhet") < section.index("Avhopparstöd")
    assert "Klottersanering" in section
    assert ActionPlanEntry.objects.filter(plan=plan).count() == 2
