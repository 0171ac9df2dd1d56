"""The seed registry behind `manage.py seed_vasteras`.

Each app has a `seed.py` that registers steps with `@seed_step()`; the command finds
them with `autodiscover_modules("seed")` (as the admin finds `admin.py`) and runs the
base steps of every app in INSTALLED_APPS order, then, with --demo, the demo steps.
Steps must be idempotent: `upsert` saves only what differs, so a second run changes
nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules


@dataclass
class SeedContext:
    """What a step gets: options, `say` to report now, and `notes` printed at the end."""

    demo: bool
    stdout: TextIO
    reset_demo_passwords: bool = False
    notes: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")


@dataclass(frozen=True)
class _Step:
    app_label: str
    func: Callable[[SeedContext], Any]
    demo: bool


_steps: list[_Step] = []
M = TypeVar("M", bound=models.Model)


def seed_step(*, demo: bool = False):
    """Register a seed step of the calling app; `demo=True` runs only with --demo."""

    def decorator(func):
        config = apps.get_containing_app_config(func.__module__)
        if config is None:
            raise RuntimeError(f"{func.__module__} is not inside an installed app")
        step = _Step(config.label, func, demo)
        if step not in _steps:
            _steps.append(step)
        return func

    return decorator


def registered_steps(*, demo: bool) -> list[_Step]:
    """Steps in INSTALLED_APPS order: all base steps, then (with demo) the demo steps."""
    autodiscover_modules("seed")
    order = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    base = sorted((s for s in _steps if not s.demo), key=lambda s: order[s.app_label])
    extra = sorted((s for s in _steps if s.demo), key=lambda s: order[s.app_label])
    return base + (extra if demo else [])


def run_seed(*, demo: bool, stdout: TextIO, reset_demo_passwords: bool = False) -> SeedContext:
    """Run every registered step in one transaction."""
    ctx = SeedContext(demo=demo, stdout=stdout, reset_demo_passwords=reset_demo_passwords)
    with transaction.atomic():
        for step in registered_steps(demo=demo):
            step.func(ctx)
    for note in ctx.notes:
        ctx.say(note)
    return ctx


def upsert(model: type[M], lookup: dict[str, Any], **values: Any) -> M:
    """Get or create by `lookup`; save only the fields in `values` that differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj


def set_related(manager, wanted) -> None:
    """Set a many-to-many relation to `wanted`, writing only when it differs."""
    wanted = set(wanted)
    if set(manager.all()) != wanted:
        manager.set(wanted)
