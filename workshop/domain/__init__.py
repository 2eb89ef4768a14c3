"""The pure core: scenarios, sessions and tallies, with no I/O, clock or UI."""
