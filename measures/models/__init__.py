"""The models of measures, one module per sub-domain (app label unchanged)."""

from .goals import (
    AreaPopulation,
    Goal,
    Indicator,
    SurveyResult,
    SurveyResultQuerySet,
)
from .measures import (
    ActionPlan,
    ActionPlanEntry,
    CitizenPromise,
    CitizenPromiseQuerySet,
    FollowUp,
    Measure,
    MeasureQuerySet,
    PromiseReport,
)

__all__ = [
    "ActionPlan",
    "ActionPlanEntry",
    "AreaPopulation",
    "CitizenPromise",
    "CitizenPromiseQuerySet",
    "FollowUp",
    "Goal",
    "Indicator",
    "Measure",
    "MeasureQuerySet",
    "PromiseReport",
    "SurveyResult",
    "SurveyResultQuerySet",
]
