"""The models of measures, one module per sub-domain (app label unchanged)."""

from .est import EstAction, EstMeeting, EstMeetingQuerySet, EstNote, MinutesDispatch
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
    "EstAction",
    "EstMeeting",
    "EstMeetingQuerySet",
    "EstNote",
    "FollowUp",
    "Goal",
    "Indicator",
    "Measure",
    "MeasureQuerySet",
    "MinutesDispatch",
    "PromiseReport",
    "SurveyResult",
    "SurveyResultQuerySet",
]
