"""factory_boy factories of budget."""

__all__: list[str] = []
