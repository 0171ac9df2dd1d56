"""Role matrix rows for the project-level URLs."""

from tests.matrix import ANON, ROLES, Route, api, needs, page, public


def objects(users: dict) -> dict:
    import datetime as dt

    from measures.models import EstMeeting
    from tests.factories import ActionPlanFactory, CouncilFactory

    CouncilFactory()
    meeting = EstMeeting.objects.create(held_on=dt.date(2023, 2, 20))
    meeting.organisations.set([users["polis"].organisation, users["rapportor"].organisation])
    return {**report_objects(users), "plan": ActionPlanFactory(), "est_meeting": meeting}


def _year(o):
    from django.utils import timezone

    return {"year": timezone.localdate().year}


def report_objects(users: dict) -> dict:
    """A finished weekly and annual report, and a failed one, for the report URLs."""
    from django.core.files.base import ContentFile

    from trygghet.models import Report

    def done(kind, key):
        report = Report(kind=kind, key=key, status="done", is_current=True, progress=100)
        report.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        report.save()
        return report

    failed = Report.objects.create(kind="annual", key="2021", status="failed", error="Boom")
    return {
        "weekly": done("weekly", "2023-W07"),
        "annual": done("annual", "2022"),
        "failed": failed,
    }


def hidden_from(role: str, expect):
    """A report the view admits `role` to but whose kind they may not read: 404."""
    expect[role] = 404
    return expect


ROUTES = [
    Route(
        "reports:est_minutes_pdf",
        needs("est_meeting.read"),
        kwargs=lambda o: {"pk": o["est_meeting"].pk},
    ),
    Route("dashboard", page()),
    Route("healthz", public()),
    # Signed-in users are sent on from the login page.
    Route("login", {ANON: 200, **dict.fromkeys(ROLES, 302)}),
    Route("logout", public(302), method="post"),
    Route("password_change", page()),
    Route("password_change_done", page()),
    # Staff only: none of the role users is staff.
    Route("two_factor", page(allowed=())),
    Route("set_language", public(302), method="post", data={"language": "en"}),
    Route("audit_log", needs("audit.read")),
    Route("personal_data", needs("personal_data.review")),
    Route("personal_data_clear", needs("personal_data.review", ok=400), method="post"),
    Route("api-schema", api()),
    Route("api-docs", api()),
    # Reports (trygghet/reports/views.py). Police read weekly and annual
    # reports, members annual reports and packs (a weekly report is 404 for them).
    Route("reports:report_list", needs("report.read")),
    Route(
        "reports:report_start",
        needs("report.start", ok=400),
        method="post",
        data={"kind": "weekly", "period": "not-a-week"},
    ),
    Route(
        "reports:report_subscribe",
        needs("report.read", ok=302),
        method="post",
        data={"kind": "annual"},
    ),
    Route(
        "reports:report_detail",
        hidden_from("ledamot", needs("report.read")),
        kwargs=lambda o: {"pk": o["weekly"].pk},
    ),
    Route(
        "reports:report_status",
        needs("report.read"),
        kwargs=lambda o: {"pk": o["annual"].pk},
    ),
    Route(
        "reports:report_download",
        needs("report.read"),
        kwargs=lambda o: {"pk": o["annual"].pk},
    ),
    Route(
        "reports:report_retry",
        needs("report.start", ok=302),
        method="post",
        kwargs=lambda o: {"pk": o["failed"].pk},
    ),
    # The åtgärdsplan as a document, the samordningsfunktion, the cycle
    # (trygghet/reports/plan_views.py).
    Route(
        "reports:action_plan_document",
        needs("plan.read"),
        kwargs=lambda o: {"pk": o["plan"].pk},
    ),
    Route("reports:coordination", needs("council.read")),
    Route("reports:coordination_year", needs("council.read"), kwargs=_year),
    Route(
        "reports:board_report_create",
        needs("council.edit", ok=400),
        kwargs=_year,
        method="post",
        data={"title": ""},
    ),
    Route("reports:board_report_document", needs("report.read_annual"), kwargs=_year),
    Route("reports:cycle", needs("plan.read")),
    Route("reports:cycle_year", needs("plan.read"), kwargs=_year),
    Route(
        "reports:quarterly_analysis_create",
        needs("picture.edit", ok=400),
        kwargs=_year,
        method="post",
        data={"quarter": "9"},
    ),
]
