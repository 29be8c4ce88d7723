"""The status scheme: an organisation's categories and the words people use for them.

A category (``Status``) has a label ("Red", "Amber/Green", "Not started"), a letter and a
colour and pattern (colour is never the only signal), the name and text it has in the key
printed in the returns and the reports, and a ``Meaning`` the rules work on: the key-date
rule and the exceptions look at meanings, never at labels, so any scheme works. The
scheme and the words mapping people's words to its categories are configuration
(settings.toml, ``[[status.categories]]``); without one, ``DEFAULT_SCHEME`` is the plan's
own four: Red, Amber, Green and Complete (shown as a blue C).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from reporter.words import join_or


class Meaning(StrEnum):
    """What a category means for the rules, in the order the Board reads counts."""

    DONE = "done"
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NOT_STARTED = "not started"
    NOT_DUE = "not due"
    CLOSED = "closed"


# Not done by its key date: the key-date rule makes these the scheme's off-track category.
# A "not started" or "not due" action whose key date has passed is late all the same;
# done, off track and closed (withdrawn, superseded) are left as reported.
LATE_IF_PAST_KEY_DATE = frozenset({Meaning.ON_TRACK, Meaning.AT_RISK, Meaning.NOT_STARTED,
                                   Meaning.NOT_DUE})


@dataclass(frozen=True)
class Status:
    """One category of the scheme. Equal by label, letter and meaning, so a status read
    from the settings equals the same one stored in the history or built in a test."""

    label: str
    letter: str
    meaning: Meaning
    colour: str = field(default="FFFFFF", compare=False, repr=False)  # cell fill, hex RGB
    pattern: str = field(default="", compare=False, repr=False)  # chart hatch, so grey print tells
    key_name: str = field(default="", compare=False, repr=False)  # its name in the key ("" = label)
    key_text: str = field(default="", compare=False, repr=False)  # what it means, as the key says
    chart_colour: str = field(default="", compare=False, repr=False)  # "" = colour

    # The plan's own four (the default scheme), for code and tests that name them.
    RED: ClassVar[Status]
    AMBER: ClassVar[Status]
    GREEN: ClassVar[Status]
    COMPLETE: ClassVar[Status]

    @property
    def value(self) -> str:
        """The label: what a return's drop-down offers and the history stores."""
        return self.label

    @property
    def name_in_key(self) -> str:
        return self.key_name or self.label

    @property
    def text_colour(self) -> str:
        """Black on a light fill, white on a dark one, so the letter can be read."""
        r, g, b = (int(self.colour[i:i + 2], 16) for i in (0, 2, 4))
        return "000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF"

    @property
    def done(self) -> bool:
        return self.meaning is Meaning.DONE

    @property
    def off_track(self) -> bool:
        return self.meaning is Meaning.OFF_TRACK

    def __str__(self) -> str:
        return self.label


Status.RED = Status(
    "Red", "R", Meaning.OFF_TRACK, "C00000", "xx", "Red",
    "The key date has passed or the outcome is known not to be achievable by key date.",
    "D55E00")
Status.AMBER = Status(
    "Amber", "A", Meaning.AT_RISK, "FFC000", "\\\\", "Amber",
    "The key date has not yet passed but timely completion is threatened.", "E69F00")
Status.GREEN = Status(
    "Green", "G", Meaning.ON_TRACK, "00B050", "//", "Green",
    "The key date has not yet passed but timely completion is expected.", "009E73")
Status.COMPLETE = Status(
    "Complete", "C", Meaning.DONE, "0070C0", "..", "Clear",
    "Shown as a blue \u2018C\u2019. The outcome has been achieved/the task is complete.",
    "0072B2")


def interned(status: Status) -> Status:
    """The plan's own category itself when ``status`` is the same in every field, so the
    bundled settings give the very objects code and tests name (``Status.RED``)."""
    def shown(s: Status) -> tuple[str, ...]:
        return (s.label, s.letter, s.meaning, s.colour, s.pattern, s.name_in_key, s.key_text,
                s.chart_colour or s.colour)

    own = (Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE)
    return next((s for s in own if shown(s) == shown(status)), status)


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
                if key in mapping and mapping[key] != status:
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
        return sorted(w for w, s in self.synonyms.items() if s == status)


_BOARD_ORDER = {m: n for n, m in enumerate(Meaning)}


@dataclass(frozen=True)
class StatusScheme:
    """An organisation's categories, in the order its key lists them (worst first, as
    the plan's key does: Red, Amber, Green, Clear), and the words for each."""

    categories: tuple[Status, ...]
    vocabulary: StatusVocabulary

    @property
    def counted(self) -> tuple[Status, ...]:
        """The order the Board reads counts in: done, on track, at risk, off track, then
        not started, not due and closed; within a meaning, best first (the key's order
        reversed): Complete, Green, Amber, Red."""
        listed = {s: n for n, s in enumerate(self.categories)}
        return tuple(sorted(self.categories, key=lambda s: (_BOARD_ORDER[s.meaning],
                                                            -listed[s])))

    @property
    def late(self) -> Status:
        """The category the key-date rule gives an action not done by its key date: the
        first (worst) one meaning off track."""
        return next(s for s in self.categories if s.off_track)

    @property
    def complete(self) -> Status:
        """The first category meaning done (Complete): the one a finished action is given."""
        return next(s for s in self.categories if s.done)

    @property
    def dropdown(self) -> tuple[str, ...]:
        """The words a return's drop-down offers: the labels, in the key's order."""
        return tuple(s.label for s in self.categories)

    def with_meaning(self, *meanings: Meaning) -> tuple[Status, ...]:
        return tuple(s for s in self.categories if s.meaning in meanings)

    def exceptions(self, at_risk_too: bool) -> frozenset[Status]:
        """The categories that demand narrative: off track, and at risk when asked."""
        wanted = {Meaning.OFF_TRACK, Meaning.AT_RISK} if at_risk_too else {Meaning.OFF_TRACK}
        return frozenset(s for s in self.categories if s.meaning in wanted)

    def read(self, stored: str) -> Status | None:
        """A stored label (or a word for one) as a category of this scheme."""
        return next((s for s in self.categories if s.label == stored), None) \
            or self.vocabulary.normalise(stored)

    def labels(self, statuses: Iterable[Status] | None = None) -> str:
        """``Red, Amber, Green or Complete``."""
        return join_or([s.label for s in (self.categories if statuses is None else statuses)])


DEFAULT_SCHEME = StatusScheme((Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE),
                              StatusVocabulary.default())
