"""Shared kernel: no routes, only helpers every feature uses."""
