"""Swedish money formatting: 1 500 000 kr (one implementation for all apps, in councils)."""

from councils.formatting import sek

__all__ = ["sek"]
