"""Demo seed of the top layer: the kvartalsanalyser of the year's finished quarters."""

import datetime as dt

from django.utils import timezone

from core.seeding import SeedContext, seed_step, upsert

from .models import QuarterlyAnalysis

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@seed_step(demo=True)
def demo_quarterly_analyses(ctx: SeedContext) -> None:
    """Demo: an analysis for each finished quarter of this year but the last one (so the
    cycle page shows a step that is due or late)."""
    today = timezone.localdate()
    finished = [q for q, (m, d) in QUARTER_ENDS.items() if dt.date(today.year, m, d) < today]
    for quarter in finished[:-1]:
        month, day = QUARTER_ENDS[quarter]
        upsert(
            QuarterlyAnalysis,
            {"year": today.year, "quarter": quarter},
            concluded_on=dt.date(today.year, month, day) + dt.timedelta(days=14),
            analysis=(
                "Demo: kvartalets veckolägesbilder visar samma mönster som tidigare – "
                "helgkvällar i Centrum och trapphus i västra stadsdelarna. Insatserna "
                "fortsätter; nattvandringen flyttas till fredagar."
            ),
            is_demo=True,
        )
    ctx.say(f"Demo-kvartalsanalyser: {max(len(finished) - 1, 0)}")
