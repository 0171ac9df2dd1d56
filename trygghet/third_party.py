"""The Swedish names of what third-party apps show in the admin, in the project's own
catalogue (trygghet/locale): axes, django-celery-beat, django-otp and DRF's tokens ship
no Swedish, and Django's "Senaste Händelser" (recent actions) collides with the app's word
for incidents. The catalogues of LOCALE_PATHS take precedence over the apps' own.

Some of their English is not translatable (plain strings in their code: the TOTP model's
name and search help, beat's "Task Name", axes' "Access Log for …", cron descriptions);
the admin test lists those.

The strings are listed here so that `makemessages` keeps them; this module is imported by
nothing but the app configs below, which give apps without a verbose name a Swedish one.
"""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPConfig


class TrygghetAxesConfig(AxesConfig):
    verbose_name = _("Axes")


class TrygghetTOTPConfig(OTPTOTPConfig):
    verbose_name = _("Two-factor authentication (TOTP)")


THIRD_PARTY_STRINGS = [
    gettext_noop("Token"),
    gettext_noop("Tokens"),
    gettext_noop("Periodic Tasks"),
    gettext_noop("solar event"),
    gettext_noop("solar events"),
    gettext_noop("Solar Event"),
    gettext_noop("Latitude"),
    gettext_noop("Longitude"),
    gettext_noop("interval"),
    gettext_noop("intervals"),
    gettext_noop("Number of Periods"),
    gettext_noop("Interval Period"),
    gettext_noop("clocked"),
    gettext_noop("Clock Time"),
    gettext_noop("crontab"),
    gettext_noop("crontabs"),
    gettext_noop("Minute(s)"),
    gettext_noop("Hour(s)"),
    gettext_noop("Day(s) Of The Month"),
    gettext_noop("Month(s) Of The Year"),
    gettext_noop("Day(s) Of The Week"),
    gettext_noop("Cron Timezone"),
    gettext_noop("periodic task track"),
    gettext_noop("periodic task tracks"),
    gettext_noop("ident"),
    gettext_noop("last update"),
    gettext_noop("periodic task"),
    gettext_noop("periodic tasks"),
    gettext_noop("Name"),
    gettext_noop("Task Name"),
    gettext_noop("Interval Schedule"),
    gettext_noop("Crontab Schedule"),
    gettext_noop("Solar Schedule"),
    gettext_noop("Clocked Schedule"),
    gettext_noop("Positional Arguments"),
    gettext_noop("Keyword Arguments"),
    gettext_noop("Queue Override"),
    gettext_noop("Exchange"),
    gettext_noop("Routing Key"),
    gettext_noop("AMQP Message Headers"),
    gettext_noop("Expires Datetime"),
    gettext_noop("Expires timedelta with seconds"),
    gettext_noop("One-off Task"),
    gettext_noop("Start Datetime"),
    gettext_noop("Last Run Datetime"),
    gettext_noop("Total Run Count"),
    gettext_noop("Last Modified"),
    gettext_noop("Description"),
    gettext_noop("Axes"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("TOTP device"),
    gettext_noop("TOTP devices"),
    gettext_noop("confirmed"),
    gettext_noop("throttling failure timestamp"),
    gettext_noop("throttling failure count"),
    gettext_noop("created at"),
    gettext_noop("last used at"),
    gettext_noop("step"),
    gettext_noop("t0"),
    gettext_noop("digits"),
    gettext_noop("tolerance"),
    gettext_noop("drift"),
    gettext_noop("last t"),
    gettext_noop("Days"),
    gettext_noop("Hours"),
    gettext_noop("Minutes"),
    gettext_noop("Seconds"),
    gettext_noop("Microseconds"),
    gettext_noop("Astronomical dawn"),
    gettext_noop("Civil dawn"),
    gettext_noop("Nautical dawn"),
    gettext_noop("Astronomical dusk"),
    gettext_noop("Civil dusk"),
    gettext_noop("Nautical dusk"),
    gettext_noop("Solar noon"),
    gettext_noop("Sunrise"),
    gettext_noop("Sunset"),
    gettext_noop("Recent actions"),
    gettext_noop("Enable selected tasks"),
    gettext_noop("Disable selected tasks"),
    gettext_noop("Toggle activity of selected tasks"),
    gettext_noop("Run selected tasks"),
    gettext_noop("Task (registered)"),
    gettext_noop("Task (custom)"),
    gettext_noop("Schedule"),
    gettext_noop("Arguments"),
    gettext_noop("Execution Options"),
    gettext_noop("Periodic Tasks Using This Schedule"),
    gettext_noop("My actions"),
]
