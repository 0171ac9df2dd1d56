"""Reported crime, populations and NTU: the official statistics of the kartläggning."""
