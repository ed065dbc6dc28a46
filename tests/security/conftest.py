from tests.reactions.conftest import send_reaction  # noqa: F401  (shared fixture)
from tests.workbench.conftest import make_reaction  # noqa: F401  (shared fixture)
