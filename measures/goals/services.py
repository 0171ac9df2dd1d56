"""Writes of goals and survey results: views, admin and the seed call these."""

from django.db import transaction

from ..models import Goal, SurveyResult


def goal_save(*, goal: Goal, indicators, focus_areas=None) -> Goal:
    """Save a goal, its focus areas and its indicators (an inline formset already
    validated) together."""
    with transaction.atomic():
        goal.full_clean()
        goal.save()
        if focus_areas is not None:
            goal.focus_areas.set(focus_areas)
        indicators.instance = goal
        indicators.save()
    return goal


def survey_results_import(*, rows: list[tuple[int, dict]]) -> dict[str, int]:
    """Create or update checked survey rows, all or none; unchanged rows are left alone."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for _line, data in rows:
            lookup = {k: data[k] for k in ("survey_name", "year", "area", "question")}
            existing = SurveyResult.objects.filter(**lookup).first()
            if existing is None:
                result = SurveyResult(**data)
                result.full_clean()
                result.save()
                counts["created"] += 1
                continue
            # A row without a publication date leaves the stored one as it is.
            fields = ["share_unsafe", "mean_score", "respondents"]
            if data.get("published_on") is not None:
                fields.append("published_on")
            changed = [f for f in fields if getattr(existing, f) != data[f]]
            if not changed:
                counts["unchanged"] += 1
                continue
            for name in changed:
                setattr(existing, name, data[name])
            existing.full_clean()
            existing.save(update_fields=[*changed, "updated_at"])
            counts["updated"] += 1
    return counts
