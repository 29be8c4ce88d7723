"""Evidence sampling: reproducible for a seed, Complete and Green only, weighted, by ref."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.config.plan import load_plan
from reporter.errors import ReporterError
from reporter.periods import Quarter
from reporter.sampling import SampledAction, SampleError, evidence_sample, ref_key
from reporter.snapshot import ActionPosition, QuarterSnapshot
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"
PLAN = load_plan(REGISTER)
REFS = [a.ref for a in PLAN.actions]
Q4 = Quarter(2009, 4)


def snap(statuses: dict[str, Status | None]) -> QuarterSnapshot:
    return QuarterSnapshot(Q4, tuple(
        ActionPosition(ref, "from the return", status, evidence=f"minutes citing {ref}")
        for ref, status in statuses.items()
    ))


MIXED = snap({ref: (C, G, A, R)[n % 4] for n, ref in enumerate(REFS)})


def test_the_same_seed_gives_the_same_sample():
    first = evidence_sample(PLAN, MIXED, 5, seed=2010)
    assert len(first) == 5
    assert evidence_sample(PLAN, MIXED, 5, seed=2010) == first
    others = {tuple(s.ref for s in evidence_sample(PLAN, MIXED, 5, seed=s)) for s in range(20)}
    assert len(others) > 1  # the seed matters


def test_the_sample_does_not_depend_on_the_order_of_the_actions():
    reordered = QuarterSnapshot(Q4, tuple(reversed(MIXED.actions)))
    assert evidence_sample(PLAN, reordered, 7, seed=1) == evidence_sample(PLAN, MIXED, 7, seed=1)


def test_a_sampled_action_carries_its_evidence_and_the_plan_text():
    (sampled,) = evidence_sample(PLAN, snap({"1.3a": C}), 1, seed=0)
    action = PLAN.action("1.3a")
    assert action is not None
    assert sampled == SampledAction("1.3a", C, action.directorate, "minutes citing 1.3a",
                                    action.text, action.success_criteria)


def test_sizes_at_the_edges():
    candidates = sum(1 for p in MIXED.actions if p.status in (C, G))
    assert len(evidence_sample(PLAN, MIXED, 1000, seed=3)) == candidates
    assert evidence_sample(PLAN, MIXED, 0, seed=3) == []
    assert evidence_sample(PLAN, snap({"1.1a": R}), 3, seed=3) == []


def test_the_sample_is_sorted_by_ref_in_natural_order():
    refs = [s.ref for s in evidence_sample(PLAN, MIXED, 30, seed=4)]
    assert refs == sorted(refs, key=ref_key)
    assert sorted(["1.10a", "1.9b", "1.9a", "10.1a"], key=ref_key) == [
        "1.9a", "1.9b", "1.10a", "10.1a"]


def test_complete_actions_are_drawn_twice_as_often_as_green_by_default():
    pair = snap({"1.1a": C, "1.1b": G})
    drawn = Counter(evidence_sample(PLAN, pair, 1, seed=s)[0].status for s in range(3000))
    assert drawn[C] / 3000 == pytest.approx(2 / 3, abs=0.04)


def test_weights_can_leave_a_status_out():
    only_complete = evidence_sample(PLAN, MIXED, 100, seed=5, weights={C: 1.0})
    assert only_complete and {s.status for s in only_complete} == {C}


@pytest.mark.parametrize("n, weights, message", [
    (-1, None, "the sample size must be 0 or more, got -1. Pass --n 5, say."),
    (3, {R: 1.0}, "only Complete and Green actions are sampled; a weight was given for Red. "
                  "Remove it from the sample weights."),
    (3, {G: -1.0}, "the sample weight of Green must be 0 or more, got -1.0."),
])
def test_bad_requests_say_what_to_change(n, weights, message):
    with pytest.raises(SampleError) as caught:
        evidence_sample(PLAN, MIXED, n, seed=0, weights=weights)
    assert isinstance(caught.value, ReporterError)
    assert str(caught.value) == message


@given(statuses=st.lists(st.sampled_from([C, G, A, R, None]), min_size=62, max_size=62),
       n=st.integers(0, 70), seed=st.integers(0, 2**32))
def test_reproducible_and_never_red_or_amber(statuses, n, seed):
    snapshot = snap(dict(zip(REFS, statuses)))
    sample = evidence_sample(PLAN, snapshot, n, seed)
    assert sample == evidence_sample(PLAN, snapshot, n, seed)
    assert all(s.status in (C, G) for s in sample)
    assert len(sample) == min(n, sum(1 for s in statuses if s in (C, G)))
    assert len({s.ref for s in sample}) == len(sample)  # without replacement
