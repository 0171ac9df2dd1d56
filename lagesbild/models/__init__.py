"""The models of lagesbild, one module per sub-domain (app label unchanged)."""

from .incidents import (
    MUNICIPALITY_BOUNDS,
    Area,
    Category,
    ImportJob,
    Incident,
    IncidentCount,
    IncidentQuerySet,
    IncidentReport,
    Place,
    Source,
    TimeBand,
    incident_oldest_date,
    time_band_of,
    too_old_message,
    validate_point,
)
from .pictures import (
    AnnualPicture,
    PictureStatus,
    Problem,
    ProblemQuerySet,
    WeeklyPicture,
    WeeklyPictureQuerySet,
)
from .reporting import NoIncidentsConfirmation, ReportingReminder

__all__ = [
    "MUNICIPALITY_BOUNDS",
    "AnnualPicture",
    "Area",
    "Category",
    "ImportJob",
    "Incident",
    "IncidentCount",
    "IncidentQuerySet",
    "IncidentReport",
    "NoIncidentsConfirmation",
    "PictureStatus",
    "Place",
    "Problem",
    "ProblemQuerySet",
    "ReportingReminder",
    "Source",
    "TimeBand",
    "WeeklyPicture",
    "WeeklyPictureQuerySet",
    "incident_oldest_date",
    "time_band_of",
    "too_old_message",
    "validate_point",
]
