"""Mutation testing of the modules that hold the rules (`make mutate`, not part of `make test`).

Each module is mutated by pytest-gremlins and run only against the test files that
exercise it (a whole run: under two hours on two cores, 2026-11-30). Results per module go to
`coverage/gremlins/<module>.json`; the summary table is printed at the end and written to
`coverage/gremlins/summary.md`. Mutants shown to be equivalent are listed, with a reason,
in `tests/mutation_equivalents.txt` and are left out of the score.

    python scripts/mutate.py                 # every module
    python scripts/mutate.py core.isoweek    # some of them
    python scripts/mutate.py --score         # the last reports, scored with today's list
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "coverage" / "gremlins"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.txt"
# One demo year per run of this script, whatever the modules (tests/conftest.py).
RUN = str(int(time.time()))

# A mutant is detected when a test fails ("zapped"), when the tests hang past the mutant
# timeout, or when the test process crashes ("error": a mutated size check let numpy
# allocate a grid the machine does not have). Only "survived" counts against the score.
DETECTED = {"zapped", "timeout", "error"}

# module → the test files that exercise it (what a mutant of it is run against).
MODULES: dict[str, list[str]] = {
    "councils.permissions": ["tests/councils/test_permissions.py"],
    "lagesbild.figures.disclosure": [
        "tests/lagesbild/test_figures.py",
        "tests/lagesbild/test_no_data.py",
        "tests/lagesbild/test_disclosure_audit.py",
        "tests/lagesbild/test_disclosure_gate.py",
    ],
    "lagesbild.trends": ["tests/lagesbild/test_trends.py"],
    "lagesbild.hotspots": ["tests/lagesbild/test_hotspots.py"],
    "measures.effect": ["tests/measures/test_effect.py", "tests/measures/test_effect_rules.py"],
    "measures.goals.indicators": [
        "tests/measures/test_indicators.py",
        "tests/measures/test_goals.py",
        "tests/measures/test_goal_rules.py",
    ],
    "lagesbild.imports": [
        "tests/lagesbild/test_import_rows.py",
        "tests/lagesbild/test_imports.py",
        "tests/lagesbild/test_import_limits.py",
        "tests/lagesbild/test_import_property.py",
        "tests/lagesbild/test_hostile_input.py",
        "tests/lagesbild/test_import_bulk.py",
    ],
    "budget.services": ["tests/budget/test_limits.py", "tests/budget/test_services.py"],
    "budget.models": [
        "tests/budget/test_model_rules.py",
        "tests/budget/test_limits.py",
        "tests/budget/test_services.py",
        "tests/budget/test_views.py",
        "tests/budget/test_plan_funding.py",
        "tests/budget/test_trail.py",
    ],
    "trygghet.retention": ["tests/trygghet/test_retention.py"],
    "core.locking": ["tests/test_locking.py"],
    # The week rules have their own fast tests; the weekly picture's tests use them on pages.
    "core.isoweek": [
        "tests/core/test_isoweek.py",
        "tests/lagesbild/test_picture_weekly.py",
    ],
}


# pytest plugins installed for other suites (the API schema, browsers, load) that no
# module's tests below use.
UNUSED_PLUGINS = ("schemathesis", "playwright", "locust", "anyio", "faker")


def equivalents() -> dict[str, str]:
    """`module:line:description  # reason` lines → reason, keyed by `module:line:description`."""
    kept = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, reason = line.partition("#")
                kept[key.strip()] = reason.strip()
    return kept


def score(module: str, seconds: int | None = None) -> dict:
    """The counts of a module's last run (coverage/gremlins/<module>.json), with the
    equivalents as the kept list has them now."""
    kept = OUT / f"{module}.json"
    if not kept.exists():
        return {"module": module, "error": "no report"}
    data = json.loads(kept.read_text(encoding="utf-8"))
    known = equivalents()
    lived = [r for r in data["results"] if r["status"] not in DETECTED]
    survived = [r for r in lived if f"{module}:{r['line_number']}:{r['description']}" not in known]
    total = len(data["results"])
    equivalent = len(lived) - len(survived)
    counted = total - equivalent
    return {
        "module": module,
        "mutants": total,
        "equivalent": equivalent,
        "killed": counted - len(survived),
        "survived": survived,
        "score": 100.0 * (counted - len(survived)) / counted if counted else 100.0,
        "seconds": seconds if seconds is not None else "–",
    }


def run(module: str, tests: list[str]) -> dict:
    """Mutate one module against its tests; return the counts."""
    target = module.replace(".", "/") + ".py"
    present = [t for t in tests if (ROOT / t).exists()]
    env = {
        **os.environ,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        # pytest-gremlins runs a process per core: each takes its own test and Redis
        # databases (trygghet/settings/test.py), and copies the demo year seeded once.
        "TRYGGHET_MUTATION_SLOTS": "6",
        "TRYGGHET_MUTATION_RUN": RUN,
        # Each mutant runs in a pytest process of its own, started with the project's
        # addopts and this variable only: without --reuse-db every one of them migrated
        # a new test database first (15.7 s for two tests instead of 5 s). The plugins
        # no rule module's tests use are not loaded (schemathesis alone imports
        # hypothesis, jsonschema and more at every start).
        "PYTEST_ADDOPTS": "--reuse-db -p no:cacheprovider "
        + " ".join(f"-p no:{plugin}" for plugin in UNUSED_PLUGINS),
    }
    # Bytecode is written and reused: with PYTHONDONTWRITEBYTECODE set (as on the
    # development machines) every mutant's process compiled the project and rewrote
    # the tests' asserts anew, 5.0 → 3.2 s of CPU for a one-test process.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--gremlins",
        f"--gremlin-targets={target}",
        "--gremlin-batch",
        "--gremlin-report=json",
        "--gremlin-mutant-timeout=120",
        *present,
    ]
    subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    report = ROOT / "coverage" / "gremlins" / "gremlins.json"
    if not report.exists():
        return {"module": module, "error": "no report"}
    shutil.move(report, OUT / f"{module}.json")
    return score(module, round(time.monotonic() - started))


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    # --score: the last runs' reports scored again (after editing the kept list), no run.
    rescore = "--score" in argv
    argv = [a for a in argv if a != "--score"]
    chosen = argv or list(MODULES)
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        print(f"Okänd modul: {', '.join(unknown)}. Välj bland: {', '.join(MODULES)}")
        return 2
    rows = [score(m) if rescore else run(m, MODULES[m]) for m in chosen]
    lines = [
        f"cores: {os.cpu_count()}",
        "",
        "| module | mutants | equivalent | killed | survived | score | s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['module']} | – | – | – | – | {r['error']} | – |")
            continue
        lines.append(
            f"| {r['module']} | {r['mutants']} | {r['equivalent']} | {r['killed']} | "
            f"{len(r['survived'])} | {r['score']:.1f} % | {r['seconds']} |"
        )
    counted = [r for r in rows if "error" not in r]
    killed = sum(r["killed"] for r in counted)
    scored = sum(r["killed"] + len(r["survived"]) for r in counted)
    lines.append(f"\ntotal: {killed}/{scored} = {100.0 * killed / scored if scored else 0:.1f} %")
    lines.append("\nSurviving mutants:")
    for r in counted:
        for s in r["survived"]:
            lines.append(f"- {r['module']}:{s['line_number']}: {s['description']} ({s['status']})")
    text = "\n".join(lines)
    (OUT / "summary.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
