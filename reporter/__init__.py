"""Quarterly Improvement Plan reporter: returns in, Board pack out."""

__version__ = "0.1.0"
