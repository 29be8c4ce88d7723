"""The status key and the words people use for it.

Red, Amber, Green and Complete (shown as a blue C). Directorates and other
organisations write statuses in their own words ("On track", "Slipped",
"Completed"); the vocabulary mapping those words to a status is configuration
(settings.toml), not code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"
    COMPLETE = "Complete"

    @property
    def letter(self) -> str:
        """R, A, G or C: colour is never the only signal."""
        return {"Red": "R", "Amber": "A", "Green": "G", "Complete": "C"}[self.value]

    @property
    def order(self) -> int:
        """Complete, Green, Amber, Red: the order the Board's counts are read in."""
        return {"Complete": 0, "Green": 1, "Amber": 2, "Red": 3}[self.value]


# The status key word for word, as the plan defines it (seeds 001 and 003).
STATUS_KEY: dict[Status, str] = {
    Status.RED: "The key date has passed or the outcome is known not to be achievable by key date.",
    Status.AMBER: "The key date has not yet passed but timely completion is threatened.",
    Status.GREEN: "The key date has not yet passed but timely completion is expected.",
    Status.COMPLETE: "(to be shown as a blue \u2018C\u2019 if represented by a letter). "
    "The outcome has been achieved/the task is complete.",
}

# The name each status is given in the key ("Clear" for Complete).
STATUS_KEY_NAMES: dict[Status, str] = {
    Status.RED: "Red",
    Status.AMBER: "Amber",
    Status.GREEN: "Green",
    Status.COMPLETE: "Clear",
}

# The words a directorate chooses from in a return's drop-down.
DROPDOWN_WORDS: tuple[str, ...] = ("Red", "Amber", "Green", "Complete")

DEFAULT_SYNONYMS: dict[Status, tuple[str, ...]] = {
    Status.RED: ("red", "r", "behind schedule", "off target"),
    Status.AMBER: ("amber", "a", "some concern", "at risk"),
    Status.GREEN: ("green", "g", "on track", "on target", "in progress"),
    Status.COMPLETE: ("complete", "completed", "clear", "blue", "c", "done", "achieved"),
}


def _normalise_word(word: str) -> str:
    """Lower case, single spaces, no surrounding punctuation."""
    return re.sub(r"\s+", " ", str(word)).strip().strip(".").strip().lower()


@dataclass(frozen=True)
class StatusVocabulary:
    """Maps the words people write to a Status. Unknown words are not guessed."""

    synonyms: dict[str, Status] = field(default_factory=dict)

    @classmethod
    def from_words(cls, words: Mapping[Status, Sequence[str]]) -> StatusVocabulary:
        mapping: dict[str, Status] = {}
        for status, synonyms in words.items():
            mapping[_normalise_word(status.value)] = status
            for word in synonyms:
                key = _normalise_word(word)
                if key in mapping and mapping[key] is not status:
                    raise ValueError(
                        f"the status word {word!r} is listed under both "
                        f"{mapping[key].value} and {status.value}: keep it under one"
                    )
                mapping[key] = status
        return cls(mapping)

    @classmethod
    def default(cls) -> StatusVocabulary:
        return cls.from_words(DEFAULT_SYNONYMS)

    def normalise(self, word: object) -> Status | None:
        """The Status a word stands for, or None when the word is not in the vocabulary."""
        if word is None:
            return None
        if isinstance(word, Status):
            return word
        return self.synonyms.get(_normalise_word(str(word)))

    def words_for(self, status: Status) -> list[str]:
        return sorted(w for w, s in self.synonyms.items() if s is status)
