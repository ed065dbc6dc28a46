"""Draft policy documents, their versions, numbered sections and themes."""
