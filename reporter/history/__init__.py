"""The history of quarters, and earlier quarters loaded into it."""
