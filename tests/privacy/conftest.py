from tests.workbench.conftest import make_reaction, run_jobs  # noqa: F401  (shared fixtures)
