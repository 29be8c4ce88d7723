"""Evidence sampling: a reproducible random sample of actions whose evidence is checked.

PSI and the Council check the evidence behind a random sample of the actions reported
Complete or Green. The same quarter, size and seed always give the same sample, so a
sample can be re-drawn and audited. Complete actions are weighted above Green ones by
default (a completion claims more); Red and Amber actions are never sampled.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

from reporter.config.plan import Plan
from reporter.errors import ReporterError
from reporter.snapshot import QuarterSnapshot
from reporter.status import Meaning, Status

# What is sampled, by meaning (any scheme): claimed done (Complete) twice as often as
# claimed on track (Green).
DEFAULT_WEIGHTS: Mapping[Meaning, float] = {Meaning.DONE: 2.0, Meaning.ON_TRACK: 1.0}


class SampleError(ReporterError):
    """The sample cannot be drawn as asked."""


@dataclass(frozen=True)
class SampledAction:
    """An action drawn for an evidence check, with what the directorate cites."""

    ref: str
    status: Status
    directorate: str
    evidence: str
    action: str = ""  # the key action's text, from the plan
    success_criteria: str = ""


def ref_key(ref: str) -> tuple[object, ...]:
    """A sort key putting refs in natural order: 1.3a, 1.3b, 1.10a (not 1.10a before 1.3a)."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"\d+|\D+", ref))


def evidence_sample(plan: Plan, snapshot: QuarterSnapshot, n: int, seed: int,
                    weights: Mapping[Status, float] | None = None) -> list[SampledAction]:
    """Up to ``n`` Complete or Green actions drawn without replacement, sorted by ref.

    Each action is drawn with probability in proportion to its status weight
    (``DEFAULT_WEIGHTS`` unless given; a weight of 0 leaves that status out). The
    draw depends only on the snapshot's actions, ``n`` and ``seed``.
    """
    if n < 0:
        raise SampleError(f"the sample size must be 0 or more, got {n}. Pass --n 5, say.")
    for status, weight in (weights or {}).items():
        if status.meaning not in DEFAULT_WEIGHTS:
            raise SampleError(f"only Complete and Green actions are sampled; a weight was "
                              f"given for {status.value}. Remove it from the sample weights.")
        if weight < 0:
            raise SampleError(f"the sample weight of {status.value} must be 0 or more, "
                              f"got {weight}.")

    def weight_of(status: Status) -> float:
        return (DEFAULT_WEIGHTS.get(status.meaning, 0.0) if weights is None
                else weights.get(status, 0.0))

    pool = [(p, p.status) for p in snapshot.actions
            if p.status is not None and weight_of(p.status) > 0]
    pool.sort(key=lambda pair: ref_key(pair[0].ref))  # the draw must not depend on input order
    rng = random.Random(seed)
    # Weighted sampling without replacement (Efraimidis and Spirakis): each candidate gets
    # the key u ** (1 / weight) and the n largest keys win.
    keyed = [(rng.random() ** (1.0 / weight_of(status)), p, status) for p, status in pool]
    chosen = sorted(keyed, key=lambda entry: entry[0], reverse=True)[:n]
    sample = []
    for _, position, status in chosen:
        action = plan.action(position.ref)
        sample.append(SampledAction(
            ref=position.ref,
            status=status,
            directorate=action.directorate if action is not None else position.directorate,
            evidence=position.evidence,
            action=action.text if action is not None else "",
            success_criteria=action.success_criteria if action is not None else "",
        ))
    return sorted(sample, key=lambda s: ref_key(s.ref))
