"""Answers (beantwoording) to reactions, the material of the reactienota."""
