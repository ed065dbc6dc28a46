"""Demo data built from the real source texts in ``documents/``."""
