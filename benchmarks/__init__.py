"""Benchmarks: a synthetic corpus and the timing harness (python benchmarks/run.py)."""
