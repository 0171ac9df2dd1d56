"""Model history (django-simple-history) whose records can carry another row into their
own INSERT statement: the audit trail writes each change's event that way (trygghet).

    history = History(excluded_fields=["version"])   # instead of HistoricalRecords(...)

A signal receiver of `pre_create_historical_record` sets `record.companion_insert` to
(SQL, parameters) of an INSERT; the record is then saved as
`WITH companion AS (<that INSERT>) INSERT INTO <history table> …`: one round trip for
both rows, and both or neither. `record.companion_written` says whether it happened.
"""

from django.db import connections, models, router
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords


class CompanionRows(models.Model):
    """Base of every historical model made by History."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        companion = self.__dict__.pop("companion_insert", None)
        if companion is None:
            return super().save(*args, **kwargs)
        companion_sql, companion_params = companion
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        connection = connections[using]
        prefix = f"INSERT INTO {connection.ops.quote_name(self._meta.db_table)} "
        done = []

        def with_companion(execute, sql, params, many, context):
            if done or many or not sql.startswith(prefix):
                return execute(sql, params, many, context)
            done.append(True)
            sql = f"WITH companion AS ({companion_sql}) {sql}"
            return execute(sql, (*companion_params, *params), many, context)

        # A context manager: the wrapper is gone when save() ends, however it ends.
        with connection.execute_wrapper(with_companion):
            result = super().save(*args, **kwargs)
        self.companion_written = bool(done)
        return result


class _ManagerClassOnce(HistoryDescriptor):
    """simple_history's `Model.history`, with its manager class made once.

    The original builds the class anew (`Manager.from_queryset`, which inspects every
    method of the queryset) at each access, and each save with history accesses it:
    ~0.1 ms of every registration.
    """

    def __get__(self, instance, owner):
        made = self.__dict__.get("made")
        if made is None:
            made = self.made = self.manager_class.from_queryset(self.queryset_class)
        return made(self.model, instance)


class History(HistoricalRecords):
    """HistoricalRecords whose records are CompanionRows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bases", (CompanionRows,))
        super().__init__(*args, **kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        found = sender.__dict__.get(self.manager_name)
        if type(found) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                _ManagerClassOnce(
                    found.model, manager=found.manager_class, queryset=found.queryset_class
                ),
            )
