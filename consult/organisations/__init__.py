"""Municipalities, regions and partner organisations."""
