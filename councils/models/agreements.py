"""The cooperation agreements (samverkansöverenskommelser) and their signatories."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.history import History

from .council import Person, attachment_validators
from .organisations import Organisation


class ExclusionCheckedInClean(ExclusionConstraint):
    """An exclusion constraint whose check before saving is the model's clean().

    The database enforces it; clean() names the conflicting agreement in one message,
    where Django's validate() would add a second, unnamed one (and cannot compare
    DATERANGE over unsaved values: the dates arrive untyped).
    """

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        return None


def parties_key_of(organisations) -> str:
    """The normalised key of a set of parties: their sorted ids, e.g. "1-2"."""
    return "-".join(str(pk) for pk in sorted({o.pk for o in organisations}))


class CooperationAgreementQuerySet(models.QuerySet):
    def with_end(self):
        """Annotate `end_day`: the day it was terminated, else its valid-to (None: open)."""
        return self.annotate(end_day=Coalesce("terminated_on", "valid_to"))

    def in_force_on(self, day):
        """Agreements in force on `day`."""
        return (
            self.with_end()
            .filter(valid_from__lte=day)
            .filter(models.Q(end_day__isnull=True) | models.Q(end_day__gte=day))
        )

    def ending_within(self, day, days: int):
        """Agreements in force on `day` that end within `days` days."""
        from datetime import timedelta

        return self.in_force_on(day).filter(end_day__lte=day + timedelta(days=days))


class CooperationAgreement(models.Model):
    """A samverkansöverenskommelse between parties for a period (the end may be open)."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        Organisation, related_name="agreements", verbose_name=_("parties")
    )
    # The parties as one comparable value, so the database can refuse overlapping
    # periods between the same parties (an M2M cannot be part of a constraint).
    parties_key = models.CharField(_("parties key"), max_length=200, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to (inclusive)"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )
    terminated_on = models.DateField(
        _("terminated on"),
        null=True,
        blank=True,
        help_text=_("Either party may terminate the agreement early; the last day it applied."),
    )
    goal = models.TextField(_("common goal"), blank=True)
    summary = models.TextField(_("content"), blank=True)
    focus_areas = models.TextField(
        _("focus areas"), blank=True, help_text=_("One focus area per line.")
    )
    document = models.FileField(
        _("document"),
        upload_to="councils/agreements/%Y/",
        blank=True,
        validators=attachment_validators(),
        help_text=_("The signed agreement (PDF)."),
    )
    note = models.TextField(_("note"), blank=True)

    history = History()
    is_demo = demo_flag()

    objects = CooperationAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_period_ordered",
                field="valid_to",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
            CheckConstraint(
                condition=models.Q(terminated_on__isnull=True)
                | models.Q(terminated_on__gte=models.F("valid_from")),
                name="agreement_terminated_after_start",
                field="terminated_on",
                violation_error_message=_("An agreement cannot be terminated before it starts."),
            ),
            ExclusionCheckedInClean(
                name="agreement_no_overlap_same_parties",
                expressions=[
                    ("parties_key", RangeOperators.EQUAL),
                    (
                        models.Func(
                            models.F("valid_from"),
                            Coalesce(models.F("terminated_on"), models.F("valid_to")),
                            models.Value("[]"),
                            function="DATERANGE",
                            output_field=DateRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def ends_on(self):
        return self.terminated_on or self.valid_to

    def status_on(self, day) -> str:
        if self.terminated_on and self.terminated_on < day:
            return self.Status.TERMINATED
        if self.valid_from > day:
            return self.Status.UPCOMING
        if self.valid_to and self.valid_to < day:
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def status(self) -> str:
        from django.utils import timezone

        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def focus_area_list(self) -> list[str]:
        return [line.strip() for line in self.focus_areas.splitlines() if line.strip()]

    def overlapping(self):
        """Other agreements between the same parties whose period meets this one's."""
        others = CooperationAgreement.objects.with_end().filter(parties_key=self.parties_key)
        if self.pk:
            others = others.exclude(pk=self.pk)
        end = self.ends_on
        if end is not None:
            others = others.filter(valid_from__lte=end)
        return others.filter(
            models.Q(end_day__isnull=True) | models.Q(end_day__gte=self.valid_from)
        )

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils.formats import date_format

        if not self.parties_key or self.valid_from is None:
            return
        if self.valid_to and self.valid_to < self.valid_from:
            return
        clash = self.overlapping().order_by("valid_from").first()
        if clash is not None:
            end = clash.ends_on
            raise ValidationError(
                _(
                    "The parties already have an agreement for part of this period: "
                    "“%(title)s” (%(start)s – %(end)s). Two agreements between the same "
                    "parties may not overlap; end or terminate the earlier one first."
                )
                % {
                    "title": clash.title,
                    "start": date_format(clash.valid_from, "j F Y"),
                    "end": date_format(end, "j F Y") if end else _("until further notice"),
                },
                code="overlap",
            )


class AgreementSignatory(models.Model):
    """A person who signed an agreement, with their title at the time."""

    agreement = models.ForeignKey(
        CooperationAgreement,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("agreement"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for"),
    )
    title_at_signing = models.CharField(_("title when signing"), max_length=200, blank=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            UniqueConstraint(
                fields=["agreement", "person"],
                name="signatory_unique_person",
                field="person",
                violation_error_message=_("This person has already signed the agreement."),
            )
        ]

    def __str__(self):
        return (
            f"{self.person}, {self.title_at_signing}" if self.title_at_signing else str(self.person)
        )


class AgreementNotice(models.Model):
    """A reminder sent that an agreement nears its end: one per agreement and threshold."""

    agreement = models.ForeignKey(
        CooperationAgreement,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("agreement"),
    )
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    ends_on = models.DateField(_("end date notified"))
    sent_at = models.DateTimeField(_("sent"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("agreement reminder")
        verbose_name_plural = _("agreement reminders")
        constraints = [
            UniqueConstraint(
                fields=["agreement", "ends_on", "days_before"],
                name="notice_once_per_threshold",
                violation_error_message=_(
                    "This reminder about the agreement's end has already been sent."
                ),
            )
        ]

    def __str__(self):
        return f"{self.agreement} – {self.days_before}"
