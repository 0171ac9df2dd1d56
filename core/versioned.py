"""Derived figures cached under the version of the data they are derived from.

A page's panels and figures (goal verdicts, budget totals, the week's figures) are
computed from data that changes far less often than the page is read. Each kind of data
has a *generation*: a token in the cache that changes whenever data of that kind is
written. `@figures_cached("measures", "incidents")` stores a function's result under its
arguments, today's date and the current generation of each kind it depends on, so a
write is a new key: nothing is invalidated. The one exception is the kinds in
FIGURES_LAGGING_KINDS (the incidents): see figures_cached.

- An app names the kinds it writes in its `AppConfig.ready`: `watch_models(self)` bumps
  the app's generation (its label) after every save or delete of its models, except the
  models it leaves out (the incidents themselves, logs written on every request).
- A kind can add a version of its own read from the database (`register_version`): the
  incidents' is the sequence of the weekly counts, which every write to an incident
  advances, by any path (ORM, bulk, raw SQL, COPY), through the triggers.
- `bump(kind)` changes the generation now and again when the transaction commits. The
  first makes the writer's own next read fresh; the second ends any reader that computed
  from a snapshot taken before the commit and stored under the first.
- Writes no generation sees (a `queryset.update()`, a restore) show within
  `FIGURES_CACHE_SECONDS` (60 s by default), the time every entry lives.

When the cache (Redis) is away, every call computes: the cache is never the record.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

_PREFIX = "gen:"
# Longest that one process renews out-of-date lagging figures while the others serve the
# old ones (figures_cached); a process that dies renewing holds the others no longer.
RENEW_LOCK_SECONDS = 30
_VERSIONS: dict[str, Callable[[], object]] = {}
# Every kind an app watches or registers: a request reads all their generations at once.
_KINDS: set[str] = set()
# Within one request the versions are read once (RequestVersions): a page's panels ask
# for the same kinds again and again.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "versioned_request_memo", default=None
)


def _token() -> str:
    return uuid.uuid4().hex[:16]


def generations(kinds: Iterable[str]) -> dict[str, str]:
    """The current version of each kind: its generation (made on first use) and its
    registered version. Within a request each is read once, and the first read fetches
    every known kind's generation in the same round trip."""
    kinds = list(kinds)
    memo = _request_memo.get()
    in_request = memo is not None
    memo = {} if memo is None else memo
    wanted = [kind for kind in kinds if kind not in memo]
    if wanted and in_request:
        wanted = sorted({*wanted, *(_KINDS - memo.keys())})
    if wanted:
        keys = {f"{_PREFIX}{kind}": kind for kind in wanted}
        found = cache.get_many(list(keys))
        missing = {key: _token() for key in keys if key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
            found.update(missing)
        memo.update({kind: found[key] for key, kind in keys.items()})
    result = {}
    for kind in kinds:
        extra = ""
        if kind in _VERSIONS:
            # A query: only for the kinds asked for, once per request.
            extra_key = f"{kind}#version"
            if extra_key not in memo:
                memo[extra_key] = str(_VERSIONS[kind]())
            extra = "." + memo[extra_key]
        result[kind] = memo[kind] + extra
    return result


def bump(kind: str) -> None:
    """Data of `kind` changed: a new generation now and another when the write commits."""

    def renew():
        cache.set(f"{_PREFIX}{kind}", _token(), timeout=None)
        if (memo := _request_memo.get()) is not None:
            memo.pop(kind, None)
            memo.pop(f"{kind}#version", None)

    renew()
    transaction.on_commit(renew)


class RequestVersions:
    """Middleware: the versions a request reads are read once, at first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def register_version(kind: str, read: Callable[[], object]) -> None:
    """Add `read()` (a cheap query) to the version of `kind`."""
    _VERSIONS[kind] = read
    _KINDS.add(kind)


def watch_models(app_config, *, exclude: Iterable[str] = ()) -> None:
    """Bump the app's generation after any save or delete of its models (but `exclude`,
    model names in lower case), and after any change of their many-to-many relations."""
    left_out = set(exclude)
    _KINDS.add(app_config.label)
    for model in app_config.get_models():
        if model._meta.model_name not in left_out:
            watch_model(model, kind=app_config.label)


def watch_model(model, *, kind: str) -> None:
    """Bump `kind` after any save or delete of `model` or change of its many-to-many
    relations."""

    def changed(sender, **kwargs):
        bump(kind)

    uid = f"core.versioned:{kind}:{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}:{field.name}",
        )


def figures_key(name: str, args: tuple, kwargs: dict, kinds: Iterable[str]) -> str:
    versions = generations(kinds)
    blob = repr(
        (
            name,
            args,
            sorted(kwargs.items()),
            timezone.localdate(),
            translation.get_language(),
            versions,
        )
    )
    return "figures:" + hashlib.sha256(blob.encode()).hexdigest()


def fragment_key(*parts, kinds: Iterable[str]) -> str:
    """A `{% cache %}` key for HTML drawn from data of `kinds` (a filter form's options):
    the parts, the language and the kinds' generations. Lives FIGURES_CACHE_SECONDS."""
    return figures_key("fragment", parts, {}, kinds)


def rendered_each(objects, template_name: str, *, name: str, stamp, kinds: Iterable[str]):
    """Each of `objects` rendered with `template_name` (the object as `name`), as a list
    of safe HTML in the same order.

    Each piece is cached under `stamp(object)` (a value every change of the object
    changes: its id and `updated_at`), the template, the language and the generations of
    `kinds` (what the piece names besides the object). A page of rows costs one cache
    round trip; only the misses are rendered. A piece must not depend on who reads it.
    """
    objects = list(objects)
    template = get_template(template_name)
    timeout = getattr(settings, "FIGURES_CACHE_SECONDS", 60)
    if not objects or not timeout:
        return [template.render({name: obj}) for obj in objects]
    versions = generations(kinds)
    where = (translation.get_language(), timezone.get_current_timezone_name())
    keys = [
        "piece:"
        + hashlib.sha256(repr((template_name, stamp(obj), where, versions)).encode()).hexdigest()
        for obj in objects
    ]
    found = cache.get_many(keys)
    missing = {
        key: template.render({name: obj})
        for key, obj in zip(keys, objects, strict=True)
        if key not in found
    }
    if missing:
        cache.set_many(missing, timeout=timeout)
        found.update(missing)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - our template's output


# figures_cached(..., local=True): results kept in this process too, by their cache key.
_LOCAL: dict[str, tuple[float, object]] = {}
_LOCAL_ENTRIES = 256


def figures_cached(*kinds: str, local: bool = False, shared: bool = True):
    """Cache the function's result under its arguments (with a stable repr: numbers,
    strings, dates, weeks), today's date, the language and the generations of `kinds`.

    The kinds in settings.FIGURES_LAGGING_KINDS ("incidents": written many times a
    minute on a busy morning, each write a new version) are not in the key: their
    version is stored with the figures, which are recomputed when it changed and they
    are older than FIGURES_LAG_SECONDS. So figures are at most that far behind the
    newest incident and are computed at most once per that time, however fast the
    incidents come; a change of any other kind shows at once. When they are out of date,
    one process computes them anew and the others serve the old ones meanwhile (at most
    RENEW_LOCK_SECONDS longer): on a busy morning every worker recomputed the same
    week at the same moment, and every reader waited for it.

    `local=True` (kinds that are never lagging) also keeps the result in this process,
    under the same key and no longer than in the cache: for small data read on every
    request, which cost more to fetch and unpickle than to look up (the API's
    categories, areas and places: 2.9 of the 5.8 ms of a registration's Python; a user's
    roles; the start page's panels, a Redis round trip each). The objects are shared by
    the process's requests, so callers only read them.
    `shared=False` (with local=True) keeps the result in this process only: for what
    should not be copied into Redis (a user with their password hash)."""

    def decorator(function):
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            timeout = getattr(settings, "FIGURES_CACHE_SECONDS", 60)
            if not timeout:
                return function(*args, **kwargs)
            lagging = [k for k in kinds if k in getattr(settings, "FIGURES_LAGGING_KINDS", ())]
            if local and lagging:
                raise ValueError(f"{name}: local=True needs kinds whose writes change the key.")
            if not (local or shared):
                raise ValueError(f"{name}: shared=False needs local=True.")
            key = figures_key(name, args, kwargs, [k for k in kinds if k not in lagging])
            if not local:
                return _shared(function, args, kwargs, key, lagging, timeout)[1]
            kept = _LOCAL.get(key)
            if kept is not None and time.time() - kept[0] < timeout:
                return kept[1]
            if shared:
                made_at, value = _shared(function, args, kwargs, key, lagging, timeout)
            else:
                made_at, value = time.time(), function(*args, **kwargs)
            if len(_LOCAL) >= _LOCAL_ENTRIES:
                _LOCAL.clear()
            _LOCAL[key] = (made_at, value)  # gone when the shared entry would be
            return value

        return wrapped

    return decorator


def _shared(function, args, kwargs, key, lagging, timeout):
    """figures_cached's entry in the shared cache, read or computed and stored: (the
    time it was computed, the value)."""
    current = generations(lagging) if lagging else {}
    entry = cache.get(key)
    lock = None
    if entry is not None:
        versions, made_at, value = entry
        lag = getattr(settings, "FIGURES_LAG_SECONDS", 0)
        if versions == current or time.time() - made_at < lag:
            return made_at, value
        if lagging and lag:
            # Out of date: one process computes them anew, the others keep serving
            # these meanwhile instead of all computing the same at once.
            lock = f"{key}:renewing"
            if not cache.add(lock, 1, timeout=RENEW_LOCK_SECONDS):
                return made_at, value
    made_at = time.time()
    try:
        value = function(*args, **kwargs)
        cache.set(key, (current, made_at, value), timeout=timeout)
    finally:
        if lock:
            cache.delete(lock)
    return made_at, value
