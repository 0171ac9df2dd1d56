"""factory_boy factories of measures."""

import datetime as dt

import factory

from measures.models import (
    ActionPlan,
    ActionPlanEntry,
    AreaPopulation,
    CitizenPromise,
    FollowUp,
    Goal,
    Indicator,
    Measure,
    SurveyResult,
)

from .councils import CouncilFactory, OrganisationFactory

__all__ = [
    "ActionPlanEntryFactory",
    "ActionPlanFactory",
    "CitizenPromiseFactory",
    "FollowUpFactory",
    "MeasureFactory",
]


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Insats {n}")
    type = Measure.Type.PRESENCE
    owner = factory.SubFactory(OrganisationFactory)
    start_date = dt.date(2026, 1, 5)
    end_date = dt.date(2026, 3, 29)
    status = Measure.Status.ONGOING

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    measure = factory.SubFactory(MeasureFactory)
    date = dt.date(2026, 2, 1)
    done = "Närvaro fredag och lördag kväll vid centrum."
    organisation = factory.LazyAttribute(lambda f: f.measure.owner)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    year = 2026
    valid_from = dt.date(2026, 1, 1)
    valid_to = dt.date(2026, 12, 31)


class ActionPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlanEntry

    plan = factory.SubFactory(ActionPlanFactory)
    measure = factory.SubFactory(MeasureFactory)
    responsible = factory.SelfAttribute("measure.owner")
    priority = 1


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenPromise

    title = factory.Sequence(lambda n: f"Medborgarlöfte {n}")
    text = "Vi lovar synlig närvaro."
    valid_from = dt.date(2026, 4, 1)
    valid_to = dt.date(2026, 9, 30)


# Goals, indicators, survey results, populations (measures/models/goals.py).
__all__ += [
    "AreaPopulationFactory",
    "GoalFactory",
    "IndicatorFactory",
    "SurveyResultFactory",
]


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    title = factory.Sequence(lambda n: f"Mål {n}")
    text = "Brottsligheten ska minska."
    council = factory.SubFactory(CouncilFactory)
    direction = Goal.Direction.FALL
    baseline_year = 2020
    target_date = dt.date(2024, 12, 31)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    goal = factory.SubFactory(GoalFactory)
    kind = Indicator.Kind.INCIDENT_COUNT
    granularity = Indicator.Granularity.YEAR

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    survey_name = "Trygghetsmätning 2023"
    year = 2023
    area = None
    question = "Otrygg ute sent en kväll"
    share_unsafe = 25
    respondents = 100


class AreaPopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaPopulation

    area = factory.SubFactory("tests.factories.lagesbild.AreaFactory")
    year = 2023
    population = 10000
