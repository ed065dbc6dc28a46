"""Reactions (reacties, zienswijzen, adviezen) on a consultation."""
