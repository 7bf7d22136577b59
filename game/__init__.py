"""Smychka: a strategy game about the peasant question after 1917."""

__version__ = "0.1.0"
