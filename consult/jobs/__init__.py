"""Background jobs: long work (topics, campaign grouping) run by the worker that also sends mail."""
