"""The case engine."""
