"""The weekly rhythm of reporting: who confirmed a week without incidents, who was reminded.

An organisation marked `is_reporting` (councils.Organisation) reports every ISO week:
either it registers incidents, or a reporter confirms "inga händelser" for the week
(`NoIncidentsConfirmation`). A week with neither is "ej rapporterat", and after the
deadline (settings.REPORTING_DEADLINE) its reporters get one reminder, logged as a
`ReportingReminder` (unique per organisation and week).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.isoweek import Week

__all__ = ["NoIncidentsConfirmation", "ReportingReminder"]

_WEEK_VALID = Q(iso_week__gte=1, iso_week__lte=53)


class NoIncidentsConfirmation(models.Model):
    """A reporter's explicit "inga händelser" for their organisation and one ISO week."""

    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.CASCADE,
        related_name="no_incident_weeks",
        verbose_name=_("organisation"),
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    is_demo = demo_flag()

    class Meta:
        ordering = ["-iso_year", "-iso_week", "organisation"]
        verbose_name = _("week without incidents")
        verbose_name_plural = _("weeks without incidents")
        constraints = [
            UniqueConstraint(
                fields=["organisation", "iso_year", "iso_week"],
                name="noincidents_once_per_org_week",
                violation_error_message=_(
                    "The organisation has already confirmed that week as without incidents."
                ),
            ),
            CheckConstraint(
                condition=_WEEK_VALID,
                name="noincidents_week_valid",
                violation_error_message=_("The week number must be from 1 to 53."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.week}"

    @property
    def week(self) -> Week:
        return Week(self.iso_year, self.iso_week)


class ReportingReminder(models.Model):
    """The one reminder an organisation gets for a week it had not reported."""

    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.CASCADE,
        related_name="reporting_reminders",
        verbose_name=_("organisation"),
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            UniqueConstraint(
                fields=["organisation", "iso_year", "iso_week"],
                name="reportingreminder_once_per_org_week",
                violation_error_message=_("The organisation was already reminded of that week."),
            ),
            CheckConstraint(
                condition=_WEEK_VALID,
                name="reportingreminder_week_valid",
                violation_error_message=_("The week number must be from 1 to 53."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {Week(self.iso_year, self.iso_week)}"
