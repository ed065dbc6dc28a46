from tests.rounds.conftest import round_world  # noqa: F401  (shared fixture)
from tests.workbench.conftest import make_reaction, run_jobs  # noqa: F401  (shared fixtures)
