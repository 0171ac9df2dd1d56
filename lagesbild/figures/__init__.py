"""The figures of the lägesbild, one module per question: weekly, annual, hot-spot
tables, and the disclosure gate for roles that may not read exact counts."""
