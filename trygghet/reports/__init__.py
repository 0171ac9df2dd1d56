"""Composition of data from every app: weekly report, annual report, meeting pack."""
