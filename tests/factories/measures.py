"""factory_boy factories of measures."""

__all__: list[str] = []
