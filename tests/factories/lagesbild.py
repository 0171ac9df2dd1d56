"""factory_boy factories of lagesbild."""

__all__: list[str] = []
