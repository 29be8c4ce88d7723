"""Indicator figures from other tables, peer benchmarks, SPC and charts."""
