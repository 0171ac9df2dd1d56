"""One JSON encoder for every stored snapshot of figures (weekly and annual lägesbild).

Figures come from SQL (Decimal, date) and from the statistics (numpy scalars and arrays:
`numpy.bool`, `numpy.int64`, `numpy.float64`); none of them may make publishing fail.
"""

import numpy as np
from django.core.serializers.json import DjangoJSONEncoder


class FiguresEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder (dates, Decimal, UUID…) plus numpy scalars and arrays."""

    def default(self, o):
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        return super().default(o)
