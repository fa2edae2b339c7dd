"""Crisis Hub: a static-site crisis communication hub generator."""

__version__ = "0.1.0"
