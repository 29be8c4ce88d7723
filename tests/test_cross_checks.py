"""Cross-checks: a Complete action whose linked indicator misses its target, or the
improvement headline short of the plan's aim, and an action listed under two headings,
are queried for the officer (a finding) and explained beside the action in the pack."""

from __future__ import annotations

from dataclasses import replace

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from test_documents import Q2, Q3, context_for, natural, paragraph_texts, snapshot

from reporter.cross_checks import action_queries, notes_by_action
from reporter.indicators.results import ImprovementShare, indicator_results
from reporter.pack import DEFAULT_TEMPLATES, write_covering_report, write_progress_report
from reporter.rules import rule_for
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
MEETS = ImprovementShare(14, 19, 14 / 19, 0.70, True)
SHORT = ImprovementShare(10, 19, 10 / 19, 0.70, False)


def quarter_with(plan, statuses, details=None):
    return snapshot(plan, Q3, natural(plan, Q3) | statuses, details or {})


def results_with(plan, settings_, quarter, ref, target_met, value=32.0, target=25.0):
    """The quarter's real results, the one indicator's judged as given."""
    return tuple(replace(r, target_met=target_met, value=value, target=target)
                 if r.ref == ref else r
                 for r in indicator_results(plan, quarter, settings_))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([C, G, A, R, None]), st.sampled_from([True, False, None]),
       st.sampled_from([MEETS, SHORT, None]))
def test_a_done_action_is_queried_exactly_when_what_it_names_misses(
        sample_plan, sample_settings, status, target_met, share):
    """2.4a names BV 212, 2.2a the improvement headline: each is queried when, and only
    when, it is reported done and what it names misses the target."""
    quarter = quarter_with(sample_plan, {"2.4a": status, "2.2a": status})
    results = results_with(sample_plan, sample_settings, quarter, "BV 212", target_met)
    queries = action_queries(sample_plan, sample_settings, quarter, None, results, share)
    missed = {q.ref for q in queries if q.rule == "complete-target-missed"}
    done = status is not None and status.done
    assert ("2.4a" in missed) == (done and target_met is False)
    assert ("2.2a" in missed) == (done and share is SHORT)
    for query in queries:
        assert rule_for(query.rule) is not None
        assert query.finding.rule == query.rule and query.ref in query.finding.message


def test_the_query_names_the_figure_and_the_target(sample_plan, sample_settings):
    quarter = quarter_with(sample_plan, {"2.4a": C, "2.2a": C})
    results = results_with(sample_plan, sample_settings, quarter, "BV 212", False)
    notes = notes_by_action(action_queries(sample_plan, sample_settings, quarter, None,
                                           results, SHORT))
    assert notes["2.4a"] == ("Reported Complete, but its success criteria name BV 212 (Average "
                             "relet time from termination to start (days)), at 32 days against "
                             "a target of 25 days.",)
    assert notes["2.2a"] == ("Reported Complete, but its success criteria name the share of "
                             "indicators improved on last year, at 53% (10 of 19) against the "
                             "plan\u2019s target of 70%.",)


def test_an_action_behind_schedule_and_marked_notable_is_under_two_headings(
        sample_plan, sample_settings):
    before = snapshot(sample_plan, Q2, natural(sample_plan, Q2))
    quarter = quarter_with(sample_plan, {"1.3a": R, "1.3b": R},
                           {"1.3a": dict(notable=True, commentary="Forum met.",
                                         remedial_action="Agreed in February.")})
    queries = action_queries(sample_plan, sample_settings, quarter, before, (), None)
    assert [(q.ref, q.rule) for q in queries] == [("1.3a", "two-headings")]
    assert "Notable achievement to N" in queries[0].finding.fix


def test_the_pack_explains_each_query_beside_the_action(tmp_path, sample_plan, sample_settings):
    before = snapshot(sample_plan, Q2, natural(sample_plan, Q2) | {"2.4a": G})
    quarter = quarter_with(sample_plan, {"2.4a": C, "1.3a": R},
                           {"2.4a": dict(commentary="Relets reviewed.", evidence="EMT"),
                            "1.3a": dict(notable=True, commentary="Forum met.",
                                         remedial_action="Agreed in February.")})
    results = results_with(sample_plan, sample_settings, quarter, "BV 212", False)
    queries = action_queries(sample_plan, sample_settings, quarter, before, results, MEETS)
    context = context_for(sample_plan, sample_settings, (before, quarter),
                          queries=notes_by_action(queries))
    texts = paragraph_texts(Document(str(write_progress_report(context, tmp_path / "p.docx"))))
    assert "Section 5: Statuses queried" in texts
    start = texts.index("Section 5: Statuses queried")
    assert any(t.startswith("2.4 a) Reported Complete, but its success criteria name BV 212")
               for t in texts[start:])
    assert any(t.startswith("1.3 a) Reported Red, so listed with the exceptions")
               for t in texts[start:])
    # beside the action where the other sections show it
    assert any(t.startswith("2.4 a) Relets reviewed.") and "Queried: Reported Complete" in t
               for t in texts[:start])
    assert any(t.startswith("a) Forum met.") and "Queried: Reported Red" in t
               for t in texts[:start])
    # the covering report says which statuses are queried, and where
    covering = paragraph_texts(Document(str(write_covering_report(
        context, DEFAULT_TEMPLATES[0], tmp_path / "c.docx"))))
    assert ("The reported statuses of 2 actions are queried (1.3a and 2.4a): the indicators "
            "their success criteria name, or the other sections of the progress report, do not "
            "bear them out. Section 5 of Appendix A sets out each.") in covering
