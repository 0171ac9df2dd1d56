"""The weekly EST meeting: who took part, the week's picture, what was said about each
trend or hot spot, and the actions agreed: who does what by when.

Each action becomes a measure owned by the responsible organisation, or a follow-up
of an existing measure, so it shows where that organisation already looks (its
measures, the reminders of overdue follow-ups, the feedback page). Minutes sent to the
partners are logged (`MinutesDispatch`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from core.demo import demo_flag
from core.personal_data import validate_no_personal_data
from councils.permissions import can

__all__ = ["EstAction", "EstMeeting", "EstMeetingQuerySet", "EstNote", "MinutesDispatch"]


class EstMeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every meeting (est_meeting.read_all), else those the user's organisation took
        part in or has an action from (est_meeting.read)."""
        if can(user, "est_meeting.read_all"):
            return self
        if can(user, "est_meeting.read") and user.organisation_id:
            assigned = EstAction.objects.filter(responsible_id=user.organisation_id).values(
                "meeting_id"
            )
            took_part = EstMeeting.organisations.through.objects.filter(
                organisation_id=user.organisation_id
            ).values("estmeeting_id")
            return self.filter(Q(pk__in=took_part) | Q(pk__in=assigned))
        return self.none()


class EstMeeting(models.Model):
    """One weekly EST meeting (samordningsmöte) and its minutes."""

    held_on = models.DateField(_("meeting date"))
    weekly_picture = models.ForeignKey(
        "lagesbild.WeeklyPicture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="est_meetings",
        verbose_name=_("the week's situation picture"),
    )
    organisations = models.ManyToManyField(
        "councils.Organisation",
        related_name="est_meetings",
        verbose_name=_("participating organisations"),
    )
    summary = models.TextField(
        _("general notes"),
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_("What the meeting said in general. No names or personal data."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    is_demo = demo_flag()
    objects = EstMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("EST meeting")
        verbose_name_plural = _("EST meetings")

    def __str__(self):
        return _("EST meeting %(date)s") % {"date": self.held_on.isoformat()}


class EstNote(models.Model):
    """What the meeting said about one trend, hot spot or other topic of the week."""

    class Kind(models.TextChoices):
        TREND = "trend", _("Trend")
        HOTSPOT = "hotspot", _("Hot spot")
        OTHER = "other", _("Other topic")

    meeting = models.ForeignKey(
        EstMeeting, on_delete=models.CASCADE, related_name="notes", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TREND)
    topic = models.CharField(
        _("trend or hot spot"), max_length=200, help_text=_("E.g. “Resecentrum” or “Klotter”.")
    )
    text = models.TextField(
        _("discussed"), validators=[validate_no_personal_data], help_text=_("No personal data.")
    )

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")

    def __str__(self):
        return self.topic


class EstAction(models.Model):
    """A decision of the meeting: who (an organisation) does what by when."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("New measure")
        FOLLOW_UP = "follow_up", _("Follow-up of an existing measure")

    meeting = models.ForeignKey(
        EstMeeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    note = models.ForeignKey(
        EstNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("about"),
    )
    responsible = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="est_actions",
        verbose_name=_("who"),
    )
    what = models.CharField(_("what"), max_length=300, validators=[validate_no_personal_data])
    due_on = models.DateField(_("by when"))
    kind = models.CharField(_("becomes"), max_length=10, choices=Kind.choices, default=Kind.MEASURE)
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="est_actions",
        verbose_name=_("measure"),
    )
    follow_up = models.OneToOneField(
        "measures.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="est_action",
        verbose_name=_("follow-up"),
    )

    class Meta:
        ordering = ["meeting", "due_on", "id"]
        verbose_name = _("meeting action")
        verbose_name_plural = _("meeting actions")
        constraints = [
            CheckConstraint(
                condition=~Q(kind="follow_up") | Q(measure__isnull=False),
                name="estaction_follow_up_has_measure",
                field="measure",
                violation_error_message=_("Choose the measure to follow up."),
            ),
        ]

    def __str__(self):
        return self.what

    def clean(self):
        if self.due_on and self.meeting_id and self.due_on < self.meeting.held_on:
            raise ValidationError({"due_on": _("The action cannot be due before the meeting.")})


class MinutesDispatch(models.Model):
    """The minutes of a meeting e-mailed to the partners: when, by whom, to how many."""

    meeting = models.ForeignKey(
        EstMeeting, on_delete=models.CASCADE, related_name="dispatches", verbose_name=_("meeting")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("minutes sent")
        verbose_name_plural = _("minutes sent")

    def __str__(self):
        return f"{self.meeting} {self.requested_at:%Y-%m-%d %H:%M}"
