"""The council (Trygghetsrådet): seats and members with periods, meetings (agenda,
documents, minutes, decisions, attendance, meeting-pack state)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.personal_data import validate_no_personal_data

from .organisations import Committee, Organisation


class Council(models.Model):
    """A trygghetsråd: purpose, focus areas and meeting rhythm (Trygghetsrådet Västerås)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    coordinated_by = models.CharField(
        _("coordinated by"),
        max_length=200,
        blank=True,
        help_text=_("The office that holds the assignment together (Stadsledningskontoret)."),
    )
    coordinator_tasks = models.TextField(
        _("coordinator's tasks"), blank=True, help_text=_("One task per line.")
    )
    decided_by = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    first_meeting_on = models.DateField(_("first meeting"), null=True, blank=True)
    dates_source = models.CharField(
        _("source of the dates"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the decision date and the first meeting come from; “demo/uppskattning” "
            "when they are not in the published sources."
        ),
    )
    meetings_per_year_min = models.PositiveSmallIntegerField(
        _("meetings a year, at least"), default=3
    )
    meetings_per_year_max = models.PositiveSmallIntegerField(
        _("meetings a year, at most"), default=4
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            CheckConstraint(
                condition=models.Q(meetings_per_year_min__lte=models.F("meetings_per_year_max")),
                name="council_meeting_rhythm_min_lte_max",
                field="meetings_per_year_max",
                violation_error_message=_(
                    "The largest number of meetings a year cannot be below the smallest."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def focus_area_list(self) -> list[str]:
        """The names of the council's insatsområden, in order."""
        return [area.name for area in self.focus_areas.all()]

    @property
    def coordinator_task_list(self) -> list[str]:
        return [line.strip() for line in self.coordinator_tasks.splitlines() if line.strip()]


class FocusArea(models.Model):
    """An insatsområde of the council's målformulering (e.g. unga i riskzon).

    Problembilder, measures and goals are tagged with them; the annual report is
    organised by them as well as by place.
    """

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("council")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("As the source words it."))
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("E.g. “Unga i riskzon”.")
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["council", "order", "name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            UniqueConstraint(
                fields=["council", "name"],
                name="focusarea_unique_name",
                field="name",
                violation_error_message=_("The council already has a focus area with this name."),
            )
        ]

    def __str__(self):
        return self.short_name or self.name


class BoardReport(models.Model):
    """A report of the samordningsfunktion to kommunstyrelsen ("hålla kommunstyrelsen
    informerad"): when, what and under which diary number."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="board_reports", verbose_name=_("council")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported to"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Diary number or § in the minutes.")
    )
    summary = models.TextField(_("summary"), blank=True, validators=[validate_no_personal_data])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("report to the municipal executive board")
        verbose_name_plural = _("reports to the municipal executive board")
        constraints = [
            UniqueConstraint(
                fields=["council", "date", "title"],
                name="boardreport_unique",
                field="title",
                violation_error_message=_("This report is already registered for that day."),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class Person(models.Model):
    """A public official named in the sources (never anyone else: no personal data)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("The official title, as published.")
    )
    party = models.CharField(
        _("party"), max_length=20, blank=True, help_text=_("For politicians, e.g. S.")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name


class Seat(models.Model):
    """A place in the council: a committee's presidium or an organisation's post.

    Seats exist even when the sources name nobody who holds them.
    """

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="seats", verbose_name=_("council")
    )
    label = models.CharField(_("seat"), max_length=200)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("committee (presidium)"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("organisation"),
        help_text=_("For seats held by a post, e.g. the head of the local police area."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["council", "order", "label"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            UniqueConstraint(
                fields=["council", "label"],
                name="seat_unique_label",
                field="label",
                violation_error_message=_("The council already has a seat with this name."),
            ),
            CheckConstraint(
                condition=models.Q(committee__isnull=False) | models.Q(organisation__isnull=False),
                name="seat_has_committee_or_organisation",
                field="committee",
                violation_error_message=_(
                    "Choose the committee or the organisation the seat belongs to."
                ),
            ),
        ]

    def __str__(self):
        return self.label


class MembershipQuerySet(models.QuerySet):
    def as_of(self, day):
        """Memberships valid on `day` (inclusive bounds), with person and seat joined."""
        return (
            self.filter(valid_from__lte=day)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
            .select_related("person", "seat", "seat__committee", "seat__organisation")
            .order_by("seat__order", "role", "person__name")
        )

    def co_chairs(self):
        return self.filter(role=Membership.Role.CO_CHAIR)


class Membership(models.Model):
    """Who held a seat, in which role, from when to when (history is kept)."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")
        ADJUNCT = "adjunct", _("Adjunct")

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("seat")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(
        _("title in the council"),
        max_length=200,
        blank=True,
        help_text=_("The title the person held during this membership."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still valid."))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["seat__order", "-valid_from"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_period_ordered",
                field="valid_to",
                violation_error_message=_("The membership cannot end before it starts."),
            ),
            UniqueConstraint(
                fields=["seat", "person", "valid_from"],
                name="membership_unique_start",
                field="valid_from",
                violation_error_message=_("This person already holds this seat from this date."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.seat} ({self.get_role_display()})"


# ---------------------------------------------------------------------------
# Meetings: agenda, documents, minutes, decisions, attendance, the pack's state
# ---------------------------------------------------------------------------


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Planned meetings from `now` on, the next first."""
        from django.utils import timezone

        now = now or timezone.now()
        return self.filter(status=Meeting.Status.PLANNED, starts_at__gte=now).order_by("starts_at")


class Meeting(models.Model):
    """A sammanträde of the council."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("council")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    date_is_approximate = models.BooleanField(
        _("date is approximate"),
        default=False,
        help_text=_("Tick when the source gives only the month, not the exact day and time."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField(_("note"), blank=True)
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("The minutes (protokoll) once the meeting is held."),
        validators=[validate_no_personal_data],
    )
    pack_published_at = models.DateTimeField(
        _("pack ready since"),
        null=True,
        blank=True,
        help_text=_("Set when the coordinator marks the meeting pack as ready for members."),
    )
    pack_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pack published by"),
    )

    is_demo = demo_flag()
    # Optimistic lock (core.locking): the edit form carries the version it showed. The
    # database default serves bulk loads (COPY, raw INSERT) that leave the column out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                field="ends_at",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def pack_is_ready(self) -> bool:
        return self.pack_published_at is not None


def validate_attachment_size(file) -> None:
    """Refuse files above settings.MAX_UPLOAD_SIZE with a message the user understands."""
    from django.core.exceptions import ValidationError
    from django.template.defaultfilters import filesizeformat

    limit = settings.MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )


ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "png", "jpg"]


def attachment_validators():
    from django.core.validators import FileExtensionValidator

    return [FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size]


class AgendaItem(models.Model):
    """One point on a meeting's agenda, in order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_agenda_items",
        verbose_name=_("presenter (user)"),
        help_text=_("A user who presents the item may edit it."),
    )
    presenter_name = models.CharField(
        _("presenter"),
        max_length=200,
        blank=True,
        help_text=_("Name and title as shown on the agenda."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    # Links to what later apps own (a lägesbild, a measure, a budget line): a URL for
    # anything, and optionally the object itself so the pack can show it.
    link_url = models.URLField(_("link"), blank=True)
    link_label = models.CharField(_("link text"), max_length=200, blank=True)
    linked_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("linked object type"),
    )
    linked_id = models.PositiveBigIntegerField(_("linked object id"), null=True, blank=True)
    linked_object = GenericForeignKey("linked_type", "linked_id")

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            CheckConstraint(
                condition=models.Q(linked_type__isnull=True, linked_id__isnull=True)
                | models.Q(linked_type__isnull=False, linked_id__isnull=False),
                name="agenda_item_link_complete",
                violation_error_message=_("A link to a record needs both its kind and the record."),
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class AgendaDocument(models.Model):
    """A document attached to an agenda item."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="councils/agenda/%Y/",
        validators=attachment_validators(),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, text or image."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["item", "title"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self):
        return self.title


class Decision(models.Model):
    """A decision in a meeting's minutes.

    Measures (a higher app) link to the decisions that start or change them, from
    their side: `Measure.council_decisions = ManyToManyField("councils.Decision",
    related_name="measures")`; this app never imports measures.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            UniqueConstraint(
                fields=["meeting", "number"],
                name="decision_unique_number",
                field="number",
                violation_error_message=_("The meeting already has a decision with this number."),
            )
        ]

    def __str__(self):
        return f"§{self.number} {self.text[:60]}"


class Attendance(models.Model):
    """Whether a person attended a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    present = models.BooleanField(_("present"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique_person",
                field="person",
                violation_error_message=_(
                    "This person's attendance is already recorded for the meeting."
                ),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class MeetingPackRead(models.Model):
    """Who opened a meeting's pack, and when (read tracking for coordinators)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="pack_reads", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pack_reads",
        verbose_name=_("user"),
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    times_opened = models.PositiveIntegerField(_("times opened"), default=1)

    class Meta:
        ordering = ["meeting", "first_opened_at"]
        verbose_name = _("meeting pack read")
        verbose_name_plural = _("meeting pack reads")
        constraints = [
            UniqueConstraint(
                fields=["meeting", "user"],
                name="pack_read_unique_user",
                violation_error_message=_(
                    "The opening of the pack is already recorded for this user."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.meeting}"


# ---------------------------------------------------------------------------
# Cooperation agreements (samverkansöverenskommelser)
# ---------------------------------------------------------------------------
