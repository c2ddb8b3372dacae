"""Reproducible performance measurements: `make bench` prints their tables."""
