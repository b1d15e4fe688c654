"""The shape of a model's texts in the schema."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Texts"]


@dataclass(frozen=True)
class Texts:
    """A model's (or an enumeration's) title and description, and those of its keys."""

    title: str
    description: str
    #: key → (title, description)
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)
