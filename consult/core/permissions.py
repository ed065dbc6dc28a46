"""Named, composable rules.

A rule is a predicate ``(user, obj) -> bool``. Rules combine with ``&``, ``|`` and ``~`` so each
feature's ``permissions.py`` reads as a sentence, and views and templates ask the same question.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user


class Rule:
    def __init__(self, predicate: Callable[[Any, Any], bool], name: str | None = None):
        self.predicate = predicate
        self.name = name or predicate.__name__

    def __call__(self, user: Any, obj: Any = None) -> bool:
        return bool(self.predicate(user, obj))

    def __and__(self, other: Rule) -> Rule:
        return Rule(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other: Rule) -> Rule:
        return Rule(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self) -> Rule:
        return Rule(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Rule {self.name}>"


def rule(predicate: Callable[[Any, Any], bool]) -> Rule:
    """Decorator: turn a predicate into a composable rule."""
    return Rule(predicate)


@rule
def is_authenticated(user, _obj=None) -> bool:
    return bool(user is not None and user.is_authenticated)


@rule
def is_admin(user, _obj=None) -> bool:
    return is_authenticated(user) and user.is_admin


def require(permission: Rule, obj: Any = None) -> None:
    """Stop the request unless the current user passes: 401 for guests (log-in page), else 403."""
    if permission(current_user, obj):
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


def may(permission: Rule, obj: Any = None) -> bool:
    """For templates: whether the current user passes ``permission``. A link is shown with the rule that
    guards its target (``may(MANAGE_OUTCOMES, workshop)`` beside ``workshop_or_404(slug, MANAGE_OUTCOMES)``),
    so nobody is offered a page that answers 403."""
    return permission(current_user, obj)
