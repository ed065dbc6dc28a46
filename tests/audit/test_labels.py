"""Every action the code writes to the audit log has words in the logboek, not its code (retest N2:
"workshop outcome added" in the Dutch logboek)."""
import ast
from pathlib import Path

from consult.audit.labels import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2]


def recorded_actions() -> set[str]:
    """The action names passed to ``record_event`` anywhere in consult/, both sides of a conditional."""
    found = set()
    for path in (ROOT / "consult").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "record_event" \
                    and len(node.args) > 1:
                argument = node.args[1]
                for value in (argument.body, argument.orelse) if isinstance(argument, ast.IfExp) else (argument,):
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.add(value.value)
    return found


def test_every_recorded_action_has_words_in_the_logboek():
    actions = recorded_actions()
    assert "workshop_outcome_added" in actions and "reaction_approved" in actions
    assert sorted(actions - ACTION_LABELS.keys()) == []


def test_the_logboek_says_it_in_dutch(app):
    from flask_babel import force_locale

    from consult.audit.labels import action_label

    with app.test_request_context(), force_locale("nl"):
        assert action_label("workshop_outcome_added") == "Uitkomst toegevoegd"
