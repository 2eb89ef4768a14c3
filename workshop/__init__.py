"""workshop: co-produced clinical risk training, run from a terminal."""

__version__ = "0.1.0"
