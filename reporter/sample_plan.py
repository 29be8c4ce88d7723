"""A sample plan register: 2010 Rotherham Ltd's Improvement Plan 2009/11.

The data below is written the way the PSI officer keeps the register in Excel:
six themes, 24 outcomes, 62 key actions with their key dates as typed in the plan
(``Nov 09``, ``31/05/2010``, ``Ongoing``...), the indicator suite with past outturns,
targets and ALMO quartiles, the directorates, and the outstanding external
recommendations (Audit Commission inspection, Customer Service Excellence).

The themes, the outcomes and actions quoted in the Board papers, the year-end
indicator figures for 2006/07 and 2007/08 and the recommendations are taken from
those papers; the rest is illustrative. Contacts are invented role mailboxes.

``write_register(path)`` writes the workbook. Run the module to regenerate the
committed template::

    python -m reporter.sample_plan      # writes input_templates/improvement_plan.xlsx
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reporter.config.plan import QUARTILES, REGISTER_COLUMNS

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"

# ---------------------------------------------------------------------------
# Themes: (number, title) as the covering report lists them.
# ---------------------------------------------------------------------------
THEMES: tuple[tuple[int, str], ...] = (
    (1, "Address tenants’ and leaseholders’ priorities for improvement"),
    (2, "Achieve the standards expected of top-performing organisations"),
    (3, "Make a unique contribution to Rotherham’s priorities, particularly the Safe and Proud themes"),
    (4, "Ensure all services are well-governed and well-managed"),
    (5, "Ensure strong financial management processes are in place"),
    (6, "Deliver value for money, making excellent use of resources"),
)

# ---------------------------------------------------------------------------
# Outcomes: (ref, theme, outcome).
# ---------------------------------------------------------------------------
OUTCOMES: tuple[tuple[str, int, str], ...] = (
    ("1.1", 1, "Tenants are satisfied with the repairs and maintenance service"),
    ("1.2", 1, "Tenants influence decisions about the services they receive"),
    ("1.3", 1, "Leaseholders are satisfied with 2010 Rotherham Ltd’s service delivery"),
    ("1.4", 1, "Tenants and leaseholders know how to contact 2010 and find it easy to access services"),
    ("1.5", 1, "Customers receive clear and timely information about services and performance"),
    ("2.1", 2, "Council homes are brought up to the Decent Homes Standard"),
    ("2.2", 2, "Improving levels of performance across all areas"),
    ("2.3", 2, "Complaints are dealt with promptly and customers are satisfied with how they were handled"),
    ("2.4", 2, "Empty homes are repaired and relet quickly"),
    ("2.5", 2, "Customer service meets the Customer Service Excellence standard"),
    ("3.1", 3, "Neighbourhoods are safer and anti-social behaviour is tackled effectively"),
    ("3.2", 3, "Estates are clean and well cared for and residents are proud of where they live"),
    ("3.3", 3, "Homes are more energy efficient and fewer tenants live in fuel poverty"),
    ("3.4", 3, "Services are accessible to everyone and meet the needs of Rotherham’s diverse communities"),
    ("4.1", 4, "The Board gives clear leadership and effective challenge"),
    ("4.2", 4, "Staff are well led, skilled and fairly rewarded"),
    ("4.3", 4, "Performance is managed effectively and reported openly"),
    ("4.4", 4, "Business risks are identified and managed"),
    ("5.1", 5, "Budgets are robust and spending is monitored and controlled"),
    ("5.2", 5, "Rent is collected efficiently and arrears are kept low"),
    ("5.3", 5, "Financial controls are sound and audit recommendations are acted on"),
    ("6.1", 6, "A value for money culture is embedded among staff and Board Members"),
    ("6.2", 6, "Efficiency savings are planned, delivered and reported"),
    ("6.3", 6, "Procurement and partnering arrangements deliver better value"),
)

# ---------------------------------------------------------------------------
# Directorates: (directorate, lead director, contact mailbox).
# ---------------------------------------------------------------------------
DIRECTORATES: tuple[tuple[str, str, str], ...] = (
    ("CEO", "Chief Executive", "ceo.office@example.org"),
    ("Operations", "Director of Operations", "operations.performance@example.org"),
    ("Business Support", "Director of Business Support", "business.support@example.org"),
    ("Finance", "Finance Director", "finance.performance@example.org"),
    (
        "Investment and Development",
        "Director of Investment and Development",
        "investment.performance@example.org",
    ),
)

OPS = "Operations"
BUS = "Business Support"
FIN = "Finance"
CEO = "CEO"
INV = "Investment and Development"

# ---------------------------------------------------------------------------
# Key actions: (ref, key action, key date, lead directorate, success criteria,
# agreed revised date). The outcome is the ref without its letter. Key dates are
# text, as written in the plan.
# ---------------------------------------------------------------------------
ACTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # 1.1 repairs satisfaction
    ("1.1a", "Offer an appointment for every non-emergency repair, at a time agreed with the tenant",
     "Sep 09", OPS, "All non-emergency repairs offered an appointment; appointments kept (xBV 185) at 99% or above", ""),
    ("1.1b", "Telephone a sample of tenants after each completed repair and act on what they tell us",
     "Dec 09", BUS, "At least 10% of completed repairs checked each month and results reported to Performance Committee", ""),
    ("1.1c", "Review the repairs service standards with the Repairs and Maintenance Service Improvement Group",
     "Jun 10", OPS, "Revised standards agreed by the Service Improvement Group and published on the website", ""),
    # 1.2 tenant influence
    ("1.2a", "Refresh the “Here’s the Deal” compact with Rother Fed",
     "Dec 09", OPS, "Revised compact signed by Rother Fed and approved by the Board", ""),
    ("1.2b", "Refocus the Service Improvement Groups on the priorities tenants have identified",
     "Jul 10", BUS, "Every Service Improvement Group has terms of reference and a work programme agreed with tenants", ""),
    ("1.2c", "Hold Local Conversation events to agree local offers with tenants",
     "Sep 10", OPS, "Local offers agreed with tenants and published within the Tenant Services Authority timetable", ""),
    # 1.3 leaseholders (from the Q3 progress report template)
    ("1.3a", "Review and agree service standards with leaseholders",
     "Nov 09", OPS, "Service standards in place and published on website and monitored by Leaseholder Forum", "Mar 10"),
    ("1.3b", "Undertake baseline satisfaction survey; followed up 12 months later",
     "Dec 09", OPS, "Satisfaction rate increased", "Feb 10"),
    ("1.3c", "Work with RMBC to revise the lease agreements with all leaseholders",
     "Oct 10", OPS, "Revised lease developed", ""),
    # 1.4 access
    ("1.4a", "Publicise the 0300-100-2010 number for all customer non-repairs calls",
     "Oct 09", CEO, "When asked, 80% of customers think contacting 2010 is easy (compared to 68% in the STATUS survey 2008)", ""),
    ("1.4b", "Ask customers how easy it is to contact 2010 in the next STATUS survey",
     "Oct 10 (STATUS)", CEO, "80% of customers say contacting 2010 is easy", ""),
    ("1.4c", "Redesign the corporate website to carry all the information customers need",
     "Jun 10", BUS, "Redesigned website live and incorporating all relevant information for customers", ""),
    # 1.5 information
    ("1.5a", "Publish the Annual Report to tenants (2008-09) in the winter edition of “Round Your Place”",
     "Feb 10", CEO, "Annual Report delivered to every tenant and leaseholder and published on the website", ""),
    ("1.5b", "Report local performance to every Area Housing Panel",
     "Ongoing", BUS, "Each Area Housing Panel receives a local performance report every quarter", ""),
    # 2.1 decent homes
    ("2.1a", "Agree the 2010/11 Decent Homes programme with RMBC",
     "Jan 10", INV, "Programme approved by the Cabinet member and published to tenants", ""),
    ("2.1b", "Deliver the 2009/10 Decent Homes programme on time and within budget",
     "Mar 10", INV, "Homes non-decent at the start of 2010/11 (BV 184a) at 38% or below", ""),
    ("2.1c", "Survey tenants’ satisfaction with completed Decent Homes works",
     "Sep 10", INV, "90% of tenants satisfied with their completed works", ""),
    ("2.1d", "Complete the Decent Homes programme",
     "Mar 11", INV, "All homes meet the Decent Homes Standard apart from agreed acceptable fails", ""),
    # 2.2 performance (from the Q3 progress report template)
    ("2.2a", "Monitor performance against the suite of 22 core indicators agreed by HouseMark",
     "Mar 10", BUS, "70% of key benchmarked performance indicators show improvement on 2008/09", ""),
    ("2.2b", "Set 2010/11 targets for every key indicator with reference to upper quartile performance",
     "Apr 10", BUS, "Targets approved by the Board and shared with RMBC", ""),
    ("2.2c", "Hold performance clinics for indicators that have fallen a quartile or stay in the bottom quartile",
     "Ongoing", BUS, "A performance improvement plan in place for every indicator in the bottom quartile", ""),
    # 2.3 complaints
    ("2.3a", "Report customer satisfaction with complaints handling to EMT every quarter",
     "Dec 09", BUS, "Customer satisfaction levels relating to complaints handling reported to EMT quarterly", ""),
    ("2.3b", "Bring the average time to deal with a complaint down to 8 working days",
     "Mar 11", BUS, "Average days to process a complaint (LPI 03) at 8 or fewer", ""),
    # 2.4 voids
    ("2.4a", "Review the empty homes process from end to end with the voids team and contractors",
     "Nov 09", OPS, "Revised process in place and average relet time (BV 212) below 30 days", ""),
    ("2.4b", "Agree a lettable standard for empty homes with tenants",
     "Jan 10", OPS, "Lettable standard published and checked at every void inspection", ""),
    ("2.4c", "Reduce the average relet time to 21 days",
     "Mar 11", OPS, "Average relet time (BV 212) at 21 days or fewer", ""),
    # 2.5 CSE
    ("2.5a", "Address the partial compliances identified at the Customer Service Excellence assessment",
     "Mar 10", BUS, "Evidence of full compliance held for each partial compliance", ""),
    ("2.5b", "Prepare for the Customer Service Excellence interim assessment",
     "Jul 10", BUS, "Customer Service Excellence status retained at the interim assessment", ""),
    # 3.1 ASB
    ("3.1a", "Agree an information sharing protocol on anti-social behaviour with South Yorkshire Police and RMBC",
     "Aug 09", OPS, "Protocol signed by all three partners", ""),
    ("3.1b", "Publish anti-social behaviour service standards and report performance against them",
     "Nov 09", OPS, "Standards published; % of ASB cases resolved (LPI 04) reported monthly", ""),
    # 3.2 estates
    ("3.2a", "Carry out estate inspections with tenants and Neighbourhood Champions in every area",
     "Sep 09", OPS, "Every estate inspected with tenants at least twice a year", ""),
    ("3.2b", "Agree caretaking and grounds maintenance standards with RMBC",
     "Jun 10", OPS, "Standards agreed and monitored by Area Housing Panels", ""),
    ("3.2c", "Deliver the environmental improvement schemes agreed with Area Housing Panels",
     "Nov 10", INV, "Schemes completed within budget in each area", ""),
    # 3.3 energy
    ("3.3a", "Insulate lofts and cavity walls in all suitable homes through the Decent Homes programme",
     "Mar 10", INV, "Average SAP rating (BV 63) of 70 or more", ""),
    ("3.3b", "Provide energy advice to tenants with a local energy advice partner",
     "Jul 10", OPS, "Energy advice offered to every tenant receiving Decent Homes works", ""),
    # 3.4 equalities
    ("3.4a", "Complete the 2009/10 programme of equality impact assessments and publish the summaries",
     "Mar 10", BUS, "Fifteen equality impact assessments completed and published on the website", ""),
    ("3.4b", "Update the profile information held for every tenant",
     "Sep 09", OPS, "Profile information held for 90% of tenants", ""),
    ("3.4c", "Make key publications available in community languages, large print and audio on request",
     "31/05/2010", BUS, "Every key publication carries the offer of alternative formats", ""),
    # 4.1 Board
    ("4.1a", "Review the terms of reference of the Board’s committees",
     "Jul 09", CEO, "Revised terms of reference approved by the Board", ""),
    ("4.1b", "Produce a Board Members’ learning and development plan",
     "Jan 10", CEO, "Plan agreed by the Board and each Board Member has a development plan", ""),
    ("4.1c", "Review the effectiveness of the Board",
     "December annually", CEO, "Review reported to the Board and actions agreed", ""),
    # 4.2 staff
    ("4.2a", "Hold competency based PDRs for all senior managers",
     "Dec 09", BUS, "All senior managers have had a competency based PDR and have a clear personal development plan", ""),
    ("4.2b", "Complete an Equal Pay Review",
     "Mar 10", BUS, "Review completed and reported to the Board", ""),
    ("4.2c", "Deliver competency based training for senior managers",
     "Jun 10", BUS, "Every senior manager has completed the training identified at their PDR", ""),
    ("4.2d", "Introduce a revised attendance management policy",
     "Apr 10", BUS, "Policy adopted, all managers briefed and sickness absence (LPI 06) below 9.5 days in 2010/11", ""),
    # 4.3 performance management
    ("4.3a", "Agree the framework for reporting progress on the Improvement Plan to the Board and RMBC",
     "Dec 09", BUS, "Framework agreed by the Board and by the Cabinet member", ""),
    ("4.3b", "Introduce monthly internal monitoring of the Improvement Plan by directorates",
     "Q4 2009/10", BUS, "Every directorate returns a monthly progress statement to the PSI team", ""),
    ("4.3c", "Check the data quality of every key performance indicator",
     "31/05/2010", BUS, "Data quality audit of the key indicators completed with no material errors", "Jul 10"),
    # 4.4 risk
    ("4.4a", "Refresh the strategic risk register and report it to the Audit & Governance Committee",
     "Sep 09", FIN, "Risk register reviewed by the Audit & Governance Committee every quarter", ""),
    # 5.1 budgets
    ("5.1a", "Report budget monitoring to EMT monthly and to the Board quarterly",
     "Jul 09", FIN, "Monitoring reports issued within 10 working days of each month end", ""),
    ("5.1b", "Set the 2010/11 budget in line with the business plan",
     "Feb 10", FIN, "Budget approved by the Board before the start of the year", ""),
    ("5.1c", "Prepare a medium-term financial plan to support the business plan",
     "Sep 10", FIN, "Plan approved by the Board", ""),
    # 5.2 rent
    ("5.2a", "Contact every new tenant within two weeks of the tenancy start about paying rent",
     "Oct 09", FIN, "% of tenants owing more than 36 days rent (BV 66b) at 2.7% or below", ""),
    ("5.2b", "Offer more ways to pay rent, including direct debit and payment online",
     "Aug 10", FIN, "Direct debit and online payment available to all tenants", ""),
    ("5.2c", "Refer tenants in arrears for money advice with local advice agencies",
     "Dec 10", OPS, "Referral arrangements in place; evictions for rent arrears (BV 66d) at 0.25% or below", ""),
    # 5.3 controls
    ("5.3a", "Implement the recommendations of the internal audit of payments and creditors",
     "Nov 09", FIN, "All high priority recommendations implemented and confirmed by Internal Audit", ""),
    # 6.1 VFM culture
    ("6.1a", "Train Tier 3 and 4 managers in value for money",
     "Mar 10", FIN, "Training delivered at the Managers’ Forum", ""),
    ("6.1b", "Set up a VFM working group and a register of VFM initiatives and savings",
     "Jun 10", FIN, "Register presented to the Audit & Governance Committee", "Oct 10"),
    # 6.2 efficiency
    ("6.2a", "Integrate efficiency targets into service plans and set individual targets",
     "Mar 10", FIN, "Efficiency targets in every service plan and in the PDRs of budget holders", "31/05/2010"),
    ("6.2b", "Compare costs with the HouseMark benchmarking club and review areas of high cost",
     "Nov 10", FIN, "Cost review reported to EMT with savings proposals for 2011/12", ""),
    # 6.3 procurement
    ("6.3a", "Adopt a procurement strategy",
     "May 10", FIN, "Strategy approved by the Board and published", ""),
    ("6.3b", "Review the repairs partnering contracts against cost and quality",
     "Sep 10", INV, "Review reported to the Board with options for the contracts from 2011", ""),
)

# ---------------------------------------------------------------------------
# Indicators. Percentages are 0-100 numbers with unit "%".
# The 13 indicators of the 2007/08 year-end summary carry their real 2006/07 and
# 2007/08 outturns, 2007/08 target and All ALMO quartile; later years are illustrative.
# ---------------------------------------------------------------------------
INDICATOR_YEARS: tuple[str, ...] = (
    "Outturn 2006/07",
    "Outturn 2007/08",
    "Outturn 2008/09",
    "Target 2007/08",
    "Target 2008/09",
    "Target 2009/10",
    "Target 2010/11",
    "Quartile 2007/08",
    "Quartile 2008/09",
)

TOP, ABOVE, BELOW, BOTTOM = QUARTILES

# (ref, description, unit, polarity, owner, theme, benchmarked,
#  {year column: value})
INDICATORS: tuple[tuple[str, str, str, str, str, int, bool, dict[str, float | str]], ...] = (
    ("BV 63", "The average energy rating (SAP) of local authority owned dwellings",
     "score", "higher", INV, 3, True,
     {"Outturn 2006/07": 61, "Outturn 2007/08": 66, "Outturn 2008/09": 68,
      "Target 2007/08": 62, "Target 2008/09": 67, "Target 2009/10": 70, "Target 2010/11": 72,
      "Quartile 2007/08": BELOW, "Quartile 2008/09": BELOW}),
    ("BV 66a", "% Rent collected",
     "%", "higher", FIN, 5, True,
     {"Outturn 2006/07": 98.23, "Outturn 2007/08": 98.47, "Outturn 2008/09": 98.62,
      "Target 2007/08": 98.25, "Target 2008/09": 98.5, "Target 2009/10": 98.7, "Target 2010/11": 98.8,
      "Quartile 2007/08": ABOVE, "Quartile 2008/09": ABOVE}),
    ("BV 66b", "% of tenants owing more than 36 days rent arrears",
     "%", "lower", FIN, 5, True,
     {"Outturn 2006/07": 3.15, "Outturn 2007/08": 2.89, "Outturn 2008/09": 2.71,
      "Target 2007/08": 3.3, "Target 2008/09": 2.85, "Target 2009/10": 2.7, "Target 2010/11": 2.6,
      "Quartile 2007/08": TOP, "Quartile 2008/09": TOP}),
    ("BV 66c", "% of tenants in arrears who have had a Notice to Seek Possession (NSP) served",
     "%", "lower", OPS, 5, True,
     {"Outturn 2006/07": 14.09, "Outturn 2007/08": 11.25, "Outturn 2008/09": 10.84,
      "Target 2007/08": 14.0, "Target 2008/09": 11.0, "Target 2009/10": 10.5, "Target 2010/11": 10.0,
      "Quartile 2007/08": TOP, "Quartile 2008/09": TOP}),
    ("BV 66d", "% of tenants evicted as a result of rent arrears",
     "%", "lower", OPS, 5, True,
     {"Outturn 2006/07": 0.44, "Outturn 2007/08": 0.27, "Outturn 2008/09": 0.24,
      "Target 2007/08": 0.4, "Target 2008/09": 0.3, "Target 2009/10": 0.25, "Target 2010/11": 0.22,
      "Quartile 2007/08": ABOVE, "Quartile 2008/09": ABOVE}),
    ("BV 184a", "% of homes non decent at the start of the financial year",
     "%", "lower", INV, 2, True,
     {"Outturn 2006/07": 74, "Outturn 2007/08": 65, "Outturn 2008/09": 52,
      "Target 2007/08": 68, "Target 2008/09": 55, "Target 2009/10": 38, "Target 2010/11": 20,
      "Quartile 2007/08": BOTTOM, "Quartile 2008/09": BOTTOM}),
    ("BV 184b", "% change in non-decency",
     "%", "higher", INV, 2, True,
     {"Outturn 2006/07": 13.8, "Outturn 2007/08": 29.69, "Outturn 2008/09": 20.0,
      "Target 2007/08": 15.0, "Target 2008/09": 15.0, "Target 2009/10": 25.0, "Target 2010/11": 45.0,
      "Quartile 2007/08": TOP, "Quartile 2008/09": ABOVE}),
    ("xBV 72", "Urgent repairs completed in time",
     "%", "higher", OPS, 2, True,
     {"Outturn 2006/07": 98.78, "Outturn 2007/08": 98.48, "Outturn 2008/09": 98.91,
      "Target 2007/08": 99.0, "Target 2008/09": 99.0, "Target 2009/10": 99.0, "Target 2010/11": 99.2,
      "Quartile 2007/08": ABOVE, "Quartile 2008/09": ABOVE}),
    ("xBV 185", "Repairs appointments made and kept",
     "%", "higher", OPS, 1, True,
     {"Outturn 2006/07": 97.85, "Outturn 2007/08": 98.92, "Outturn 2008/09": 99.12,
      "Target 2007/08": 97.85, "Target 2008/09": 99.0, "Target 2009/10": 99.2, "Target 2010/11": 99.3,
      "Quartile 2007/08": TOP, "Quartile 2008/09": TOP}),
    ("xBV 73", "Average time to complete non-urgent repairs (days)",
     "days", "lower", OPS, 2, True,
     {"Outturn 2006/07": 10.0, "Outturn 2007/08": 9.42, "Outturn 2008/09": 8.87,
      "Target 2007/08": 9.5, "Target 2008/09": 9.0, "Target 2009/10": 8.5, "Target 2010/11": 8.0,
      "Quartile 2007/08": ABOVE, "Quartile 2008/09": ABOVE}),
    ("xBV 211a",
     "% of total repairs expenditure spent on programmed repairs (as opposed to responsive repairs)",
     "%", "higher", INV, 6, True,
     {"Outturn 2006/07": 32, "Outturn 2007/08": 39, "Outturn 2008/09": 43,
      "Target 2007/08": 40, "Target 2008/09": 42, "Target 2009/10": 45, "Target 2010/11": 50,
      "Quartile 2007/08": BOTTOM, "Quartile 2008/09": BELOW}),
    ("xBV 211b",
     "% of total repairs expenditure spent on emergency and urgent repairs (as opposed to non-urgent repairs)",
     "%", "lower", INV, 6, True,
     {"Outturn 2006/07": 22, "Outturn 2007/08": 14.72, "Outturn 2008/09": 16.35,
      "Target 2007/08": 20, "Target 2008/09": 15, "Target 2009/10": 14, "Target 2010/11": 13,
      "Quartile 2007/08": ABOVE, "Quartile 2008/09": ABOVE}),
    ("BV 212", "Average relet time from termination to start (days)",
     "days", "lower", OPS, 2, True,
     {"Outturn 2006/07": 16, "Outturn 2007/08": 37.27, "Outturn 2008/09": 31.46,
      "Target 2007/08": 15, "Target 2008/09": 30, "Target 2009/10": 25, "Target 2010/11": 21,
      "Quartile 2007/08": BELOW, "Quartile 2008/09": BELOW}),
    # Local indicators
    ("LPI 01", "% of calls answered within 20 seconds",
     "%", "higher", CEO, 1, True,
     {"Outturn 2007/08": 74.6, "Outturn 2008/09": 78.4,
      "Target 2008/09": 80, "Target 2009/10": 82, "Target 2010/11": 85,
      "Quartile 2008/09": BELOW}),
    ("LPI 02", "Tenant satisfaction with repairs",
     "%", "higher", OPS, 1, True,
     {"Outturn 2007/08": 93.2, "Outturn 2008/09": 94.1,
      "Target 2008/09": 94, "Target 2009/10": 95, "Target 2010/11": 96,
      "Quartile 2008/09": ABOVE}),
    ("LPI 03", "Average days to process a complaint",
     "days", "lower", BUS, 2, False,
     {"Outturn 2008/09": 9.6, "Target 2008/09": 10, "Target 2009/10": 9, "Target 2010/11": 8}),
    ("LPI 04", "% of ASB cases resolved",
     "%", "higher", OPS, 3, True,
     {"Outturn 2007/08": 84.5, "Outturn 2008/09": 87.2,
      "Target 2008/09": 86, "Target 2009/10": 88, "Target 2010/11": 90,
      "Quartile 2008/09": ABOVE}),
    ("LPI 05", "% of responsive repairs orders raised as emergency or urgent",
     "%", "lower", INV, 6, False,
     {"Outturn 2008/09": 60.93, "Target 2009/10": 55, "Target 2010/11": 50}),
    ("LPI 06", "Average working days lost to sickness per employee",
     "days", "lower", BUS, 4, True,
     {"Outturn 2007/08": 11.8, "Outturn 2008/09": 11.2,
      "Target 2008/09": 10.5, "Target 2009/10": 9.5, "Target 2010/11": 9,
      "Quartile 2008/09": BELOW}),
    ("LPI 07", "Average weekly management cost per property",
     "£", "lower", FIN, 6, True,
     {"Outturn 2007/08": 13.42, "Outturn 2008/09": 13.87,
      "Target 2008/09": 13.75, "Target 2009/10": 13.6, "Target 2010/11": 13.4,
      "Quartile 2008/09": ABOVE}),
)

# ---------------------------------------------------------------------------
# External recommendations: (ref, source, recommendation, lead directorate,
# original date, revised date). Dates are text.
# ---------------------------------------------------------------------------
AUDIT = "Audit Commission inspection"
CSE = "Customer Service Excellence"

RECOMMENDATIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("AC 1", AUDIT,
     "Focus on developing a value for money culture among staff and Board Members, "
     "integrating the strategy into 2010’s overall approach to service delivery",
     FIN, "Mar 10", "30/10/2010"),
    ("AC 2", AUDIT,
     "Ensure efficiency targets are integrated into service plans and individual targets set",
     FIN, "Mar 10", "31/05/2010"),
    ("AC 3", AUDIT,
     "Reduce the high levels of emergency and urgent repairs",
     INV, "Mar 10", "Mar 11"),
    ("AC 4", AUDIT,
     "Assess the impact of new strategies, approaches, procedures and initiatives on customer outcomes",
     BUS, "Mar 10", "31/10/2010"),
    ("AC 5", AUDIT,
     "Ensure that the Board receives regular progress reports on delivery of the housing elements "
     "of the Annual Efficiency Statement targets",
     FIN, "Mar 10", "May 10"),
    ("AC 6", AUDIT,
     "Use customer profile information to shape services and publications to the needs of diverse groups",
     OPS, "Jan 10", ""),
    ("AC 7", AUDIT,
     "Set out clear, published service standards for leaseholders",
     OPS, "Mar 10", ""),
    ("AC 8", AUDIT,
     "Make better use of benchmarking on cost as well as performance to challenge services",
     BUS, "Q4 2009/10", ""),
    ("AC 9", AUDIT,
     "Strengthen the monitoring of contractor performance on empty homes",
     OPS, "Feb 10", ""),
    ("CSE 1.1.3", CSE,
     "1.1.3 Evidence is limited of how hard to reach and disadvantaged groups are identified "
     "and their needs taken into account",
     BUS, "Dec 09", ""),
    ("CSE 1.3.4", CSE,
     "1.3.4 You cannot yet show year on year improvement in customer satisfaction for all services",
     BUS, "Mar 10", ""),
    ("CSE 3.2.3", CSE,
     "3.2.3 You do not yet evaluate how useful customers find the information you provide",
     CEO, "Jan 10", ""),
    ("CSE 4.2.4", CSE,
     "4.2.4 Learning from complaints is not yet shown to lead to changes in service delivery",
     BUS, "Mar 10", ""),
    ("CSE 5.2.4", CSE,
     "5.2.4 Standards for responding to letters and e-mails are not monitored in every team",
     OPS, "Dec 09", ""),
    ("CSE 5.3.3", CSE,
     "5.3.3 You do not at present benchmark your performance to timeliness and quality of customer service",
     BUS, "Mar 10", "Sep 10"),
)

# Column widths (characters) per sheet, in column order.
_WIDTHS: dict[str, tuple[int, ...]] = {
    "Themes": (8, 80),
    "Outcomes": (8, 8, 80),
    "Directorates": (28, 40, 38),
    "Actions": (8, 9, 60, 16, 26, 60, 14),
    "Indicators": (10, 60, 8, 10, 26, 8, 13),
    "Recommendations": (11, 28, 70, 26, 14, 14),
}


def register_rows(themes: Sequence[tuple[object, ...]], outcomes: Sequence[tuple[object, ...]],
                  directorates: Sequence[tuple[object, ...]],
                  actions: Sequence[tuple[object, ...]],
                  indicators: Sequence[tuple[object, ...]],
                  recommendations: Sequence[tuple[object, ...]],
                  indicator_years: Sequence[str]) -> dict[str, list[tuple[object, ...]]]:
    """The data rows of each sheet, in REGISTER_COLUMNS order (Indicators with year columns),
    from a sample plan's tuples (this module's and ``sample_council``'s)."""
    return {
        "Themes": list(themes),
        "Outcomes": list(outcomes),
        "Directorates": list(directorates),
        "Actions": [(ref, ref[:-1], text, key_date, lead, criteria, revised or None)
                    for ref, text, key_date, lead, criteria, revised in actions],
        "Indicators": [
            (ref, desc, unit, polarity, owner, theme, "Yes" if benchmarked else "No")
            + tuple(years.get(column) for column in indicator_years)
            for ref, desc, unit, polarity, owner, theme, benchmarked, years in indicators],
        "Recommendations": [(ref, source, text, lead, original, revised or None)
                            for ref, source, text, lead, original, revised in recommendations],
    }


def write_workbook(path: Path, rows: dict[str, list[tuple[object, ...]]],
                   widths: dict[str, tuple[int, ...]], indicator_years: Sequence[str]) -> Path:
    """Write a register workbook: one sheet per REGISTER_COLUMNS entry, bold headers,
    wrapped text, text cells formatted as text (key dates and refs stay as typed)."""
    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    alignment = Alignment(wrap_text=True, vertical="top")
    for sheet_name, columns in REGISTER_COLUMNS.items():
        sheet = workbook.create_sheet(sheet_name)
        headers = columns + (tuple(indicator_years) if sheet_name == "Indicators" else ())
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = alignment
        for row in rows[sheet_name]:
            sheet.append(list(row))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = alignment
                if isinstance(cell.value, str):
                    cell.number_format = "@"
        sheet_widths = widths.get(sheet_name, ()) + (14,) * len(headers)
        for index in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = sheet_widths[index - 1]
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_register(path: Path) -> Path:
    """Write the sample plan register workbook to ``path`` and return the path."""
    rows = register_rows(THEMES, OUTCOMES, DIRECTORATES, ACTIONS, INDICATORS, RECOMMENDATIONS,
                         INDICATOR_YEARS)
    return write_workbook(path, rows, _WIDTHS, INDICATOR_YEARS)


if __name__ == "__main__":
    print(write_register(TEMPLATE_PATH))
