"""factory_boy factories for the whole suite, one module per app.

`from tests.factories import IncidentFactory` works for every app's factories.
"""

from .budget import *  # noqa: F403
from .councils import *  # noqa: F403
from .lagesbild import *  # noqa: F403
from .measures import *  # noqa: F403
