"""Organisations, committees (nämnder) and users."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.demo import demo_flag


class Organisation(models.Model):
    """A party in the work: the city, the police area, the housing company, …"""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Municipality")
        POLICE = "polis", _("Police")
        HOUSING = "bostad", _("Housing company")
        RESCUE = "raddningstjanst", _("Rescue service")
        SECURITY = "bevakning", _("Security company")
        CIVIL_SOCIETY = "civilsamhalle", _("Civil society")
        OTHER = "annan", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)
    is_reporting = models.BooleanField(
        _("reports incidents weekly"),
        default=False,
        help_text=_(
            "A reporting organisation of EST: each week it registers its incidents or "
            "confirms that it had none, and is reminded when it has done neither."
        ),
    )

    is_demo = demo_flag()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Committee(models.Model):
    """A nämnd or styrelse of the municipality (Kommunstyrelsen, Kulturnämnden, …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in. Role = Django group; organisation scopes what they see."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
        help_text=_("Incidents the user registers belong to this organisation."),
    )
    committees = models.ManyToManyField(
        Committee, blank=True, related_name="users", verbose_name=_("committees")
    )
    preferred_language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty for Swedish."),
    )
    reporting_reminders = models.BooleanField(
        _("weekly reporting reminders"),
        default=True,
        help_text=_(
            "E-mail me when my organisation has not reported the past week by the deadline."
        ),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


# ---------------------------------------------------------------------------
# The council: Trygghetsrådet, its seats and members
# ---------------------------------------------------------------------------
