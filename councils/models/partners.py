"""The partner register: organisations the work relies on, with how to reach them.

Kept beside Organisation (one profile per organisation) so that the organisation list
stays what it is (parties, reporters, owners of measures) and only partners that the
public sources name carry a description and contacts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint


class Partner(models.Model):
    """An organisation shown in the partner register, with what it does."""

    organisation = models.OneToOneField(
        "councils.Organisation",
        on_delete=models.CASCADE,
        related_name="partner",
        verbose_name=_("organisation"),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the partner does in the work, briefly.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_listed = models.BooleanField(
        _("shown in the register"), default=True, help_text=_("Untick to hide the partner.")
    )

    class Meta:
        ordering = ["position", "organisation__name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return str(self.organisation)


class PartnerContact(models.Model):
    """One way to reach a partner: a phone number, a web page, a recurring meeting."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    label = models.CharField(_("label"), max_length=120, help_text=_("E.g. “Telefon för vuxna”."))
    value = models.CharField(_("value"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["partner", "position", "label"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        constraints = [
            UniqueConstraint(
                fields=["partner", "label"],
                name="partner_contact_unique",
                field="label",
                violation_error_message=_("The partner already has a contact way with this name."),
            ),
            CheckConstraint(
                condition=~models.Q(value="", url=""),
                name="partner_contact_value_or_url",
                field="value",
                violation_error_message=_("Give the contact detail or a web address."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.value or self.url}"
