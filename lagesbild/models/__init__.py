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
    time_band_of,
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
    "PictureStatus",
    "Place",
    "Problem",
    "ProblemQuerySet",
    "Source",
    "TimeBand",
    "WeeklyPicture",
    "WeeklyPictureQuerySet",
    "time_band_of",
    "validate_point",
]
