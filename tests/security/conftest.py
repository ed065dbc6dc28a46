from tests.workbench.conftest import make_reaction  # noqa: F401  (shared fixture)
