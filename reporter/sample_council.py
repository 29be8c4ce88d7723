"""A second sample plan register: Rotherham MBC's Corporate Improvement Plan 2007-10.

The same reporter runs the Council's plan with the Council's own settings
(``input_templates/council/settings.toml``): its words for status ("Completed",
"On track", "Ongoing", "Some slippage reported", "Slipped") and its Target Dates
written as free text, exactly as the plan presented to the Corporate Improvement
Board on 10 September 2007 writes them: ``December annually``, ``October 2007
March 2008``, ``Summer 2007``, ``First phase by Quarter 1 2007/08 Second phase by
Quarter 1 2008/09``, ``July 2007 (revise to October 2007)``, ``Ongoing``, ``TBC``...

Seven of the plan's sections are the themes and their priority areas the outcomes;
the key actions, target dates, progress measures (success criteria) and the posts
accountable are taken from the plan, shortened where the plan is long. Actions are
led by the Council's directorates as the pack names them (Chief Executive's,
Children and Young People's Services, Environment and Development Services (EDS),
Financial Services, and Neighbourhoods and Adult Services for the housing,
neighbourhood and adult social care posts). The indicators are those the
performance clinics looked at, with the outturns, targets and quartile movements
the pack reports; where the pack says only that an indicator "slipped from best
quartile to 2nd quartile" the two quartiles are placed in 2005/06 and 2006/07.
The external recommendations are the Corporate Assessment, Use of Resources and
data quality recommendations the plan carries. Some 2006/07 targets are worked back
from the pack's "missed its target by". Agreed revised dates and the dates of
recommendations the plan gives none for are illustrative; contacts are invented
role mailboxes.

Target Dates the plan writes that the reader does not understand, and so are not
used here: "June 2007 onwards", "March 2008 and ongoing", "To commence 2008 – 2011",
"As per white paper implementation plan", "Govt guidance on MAAs expected end
2007.", the two LAA cells that mix dates with "Quarterly reports", and "2010".

``write_register(path)`` writes the workbook. Run the module to regenerate the
committed template::

    python -m reporter.sample_council   # writes input_templates/council/improvement_plan.xlsx
"""

from __future__ import annotations

from pathlib import Path

from reporter.config.plan import QUARTILES
from reporter.sample_plan import register_rows, write_workbook

COUNCIL_DIR = Path(__file__).resolve().parent.parent / "input_templates" / "council"
TEMPLATE_PATH = COUNCIL_DIR / "improvement_plan.xlsx"
SETTINGS_PATH = COUNCIL_DIR / "settings.toml"

# ---------------------------------------------------------------------------
# Themes: (number, title), the sections of the Corporate Improvement Plan 2007-10.
# ---------------------------------------------------------------------------
THEMES: tuple[tuple[int, str], ...] = (
    (1, "Ambitions"),
    (2, "Governance Arrangements"),
    (3, "Consultation, Communication and Community Involvement"),
    (4, "Performance Management"),
    (5, "Workforce Strategy"),
    (6, "Operational Efficiency and Value for Money"),
    (7, "Quality Services"),
)

# ---------------------------------------------------------------------------
# Outcomes: (ref, theme, outcome): each section's priority areas and their objectives.
# ---------------------------------------------------------------------------
OUTCOMES: tuple[tuple[str, int, str], ...] = (
    ("1.1", 1, "CPA score: achieve an ‘excellent’ CPA score by February 2008"),
    ("1.2", 1, "Corporate Plan and Community Strategy: refresh both by March 2008, well "
               "understood by staff and partners and performance managed effectively"),
    ("1.3", 1, "Rotherham Partnership and LAA: deliver the Community Strategy, the LAA and the "
               "NRS, focusing on crime and health inequalities targets"),
    ("1.4", 1, "Children and Young People’s Partnership: improve outcomes for children and "
               "young people"),
    ("1.5", 1, "White Paper: more responsive services and empowered communities, as Strong and "
               "Prosperous Communities asks"),
    ("2.1", 2, "Code of Corporate Governance and Internal Audit: governance strengthened in line "
               "with external audit requirements and Internal Audit meeting the CIPFA standards"),
    ("2.2", 2, "Financial management: a good score under the CPA Use of Resources retained"),
    ("2.3", 2, "Risk management: all strategic and operational risks identified and managed"),
    ("2.4", 2, "Partnership working: effective governance arrangements in place by 2008 for all "
               "key partnerships"),
    ("3.1", 3, "Quality consultation: consultation, involvement and engagement strengthened and "
               "fed back to the community"),
    ("3.2", 3, "Internal and external communication: people feel informed about local affairs "
               "and satisfaction with the Borough and the Council rises by 5%"),
    ("4.1", 4, "Data quality: the maximum rating of 4 out of 4 for data quality by 2008"),
    ("4.2", 4, "Performance management framework and reporting: improvement year on year and "
               "performance and financial management integrated"),
    ("5.1", 5, "Leadership development: senior managers and elected members developed for the "
               "Strong and Prosperous Communities agenda"),
    ("5.2", 5, "Workforce skills and capacity: management development, learning and induction "
               "meeting need"),
    ("5.3", 5, "Resourcing, pay and reward: an employer of choice with a balanced workforce and "
               "single status implemented"),
    ("6.1", 6, "Efficiency savings and value for money: 3% cashable savings each year from "
               "2007/08 to 2009/10"),
    ("6.2", 6, "Base budget review: high spend cross-cutting areas reviewed by the end of 2008"),
    ("6.3", 6, "Procurement: savings secured and shown through the RBT partnership"),
    ("7.1", 7, "Access to services: easier access to the Council’s services"),
    ("7.2", 7, "Fairness: compliance with national standards such as the Equality Standard"),
    ("7.3", 7, "National awards: national awards for quality achieved each year"),
    ("7.4", 7, "Complaints: fair, easy and timely handling of complaints and higher customer "
               "satisfaction"),
)

# ---------------------------------------------------------------------------
# Directorates: (directorate, lead director, contact mailbox).
# ---------------------------------------------------------------------------
CEX = "Chief Executive's"
CYPS = "Children and Young People's Services"
EDS = "Environment and Development Services"
FIN = "Financial Services"
NAS = "Neighbourhoods and Adult Services"

DIRECTORATES: tuple[tuple[str, str, str], ...] = (
    (CEX, "Assistant Chief Executive", "cex.performance@example.org"),
    (CYPS, "Strategic Director, Children and Young People's Services",
     "cyps.performance@example.org"),
    (EDS, "Strategic Director, Environment and Development Services",
     "eds.performance@example.org"),
    (FIN, "Strategic Director, Financial Services", "financial.services.performance@example.org"),
    (NAS, "Strategic Director, Neighbourhoods and Adult Services",
     "nas.performance@example.org"),
)

# ---------------------------------------------------------------------------
# Key actions: (ref, key action, target date, lead directorate, progress measure,
# agreed revised date). The target dates are the plan's own words.
# ---------------------------------------------------------------------------
ACTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # 1.1 CPA score
    ("1.1a", "Direction of Travel: produce and submit the annual Direction of Travel statement",
     "December annually", CEX, "DOT assessment score of 4 out of 4 – Improving Strongly", ""),
    ("1.1b", "Use of Resources: submit the self-assessment to obtain the maximum score of 4",
     "October annually", FIN, "Use of Resources score 4 out of 4", ""),
    ("1.1c", "Ensure delivery of the Corporate Improvement Plan",
     "Ongoing", CEX, "% of actions completed or on target", ""),
    ("1.1d", "Culture service block: reduce the number of PIs in the lower threshold to 2",
     "February 2008", EDS, "Service block score 3 out of 4", ""),
    # 1.2 Corporate Plan / Community Strategy
    ("1.2a", "Refresh the Corporate Plan to reflect the Council’s contribution to the Borough "
             "vision",
     "October 2007 March 2008", CEX, "Refresh commenced; refreshed Corporate Plan in place", ""),
    ("1.2b", "Quality assure all service plans so that they show how Council services help "
             "achieve the Community Strategy and Corporate Plan",
     "April 2008 and annually", CEX, "100% of service plans quality assured", ""),
    ("1.2c", "Commence six-monthly progress reporting on service plans",
     "September 2007 March 2008 September 2008 March 2009 September 2009", CEX,
     "Progress reports produced by all directorates", ""),
    # 1.3 Rotherham Partnership / LAA
    ("1.3a", "Respond to the LAA consultation paper for 2009/10",
     "Summer 2007", CEX, "Response forwarded", ""),
    ("1.3b", "Rationalise the Council’s and partners’ key PIs in the LAA and the Council’s "
             "internal performance reporting framework",
     "First phase by Quarter 1 2007/08 Second phase by Quarter 1 2008/09", CEX,
     "Reduced number of indicators in the 2007/08 reporting framework", ""),
    ("1.3c", "Improve performance on crime indicators, including violent crime, through "
             "performance clinics, strengthened SRP structures and a revised community safety "
             "PI suite",
     "March 2008", NAS, "BVPI 127a violent crime per 1,000 population at 22.1 in 2007/08", ""),
    # 1.4 Children and Young People's Partnership
    ("1.4a", "Develop and introduce a CYPS Joint Commissioning Framework and Strategy which "
             "includes the voluntary and community sector",
     "September 2007 March 2008", CYPS,
     "Joint Commissioning Team established; joint framework and strategy in place", ""),
    ("1.4b", "Put in place integrated working at all levels, from planning to delivery, that "
             "satisfies the statutory children’s trust requirements",
     "March 2008", CYPS, "Children’s Trust arrangements in place", ""),
    ("1.4c", "Introduce new strategic commissioning guidance in line with the requirements of "
             "government",
     "April 2008", CYPS, "Commissioning guidance approved", ""),
    # 1.5 White Paper
    ("1.5a", "Improve consultation and involvement of service users through a Community Call "
             "for Action",
     "December 2007 March 2008", NAS,
     "Community Call for Action protocol in place, then Community Call for Action in force", ""),
    ("1.5b", "Develop multi-agency neighbourhood charters setting out local standards and "
             "priorities",
     "Summer 2007 March 2008", NAS, "Pilot neighbourhood charter introduced; 7 charters in place",
     ""),
    ("1.5c", "Improve the capacity of parish councils to deliver better services and represent "
             "community interest",
     "September 2008", NAS, "Number of parish councils with quality status increased to 4", ""),
    ("1.5d", "Respond to the draft Local Transport Bill consultation on the reform of PTAs",
     "7 th September 2007", EDS, "Response forwarded", ""),
    ("1.5e", "Respond to the proposed duty for councils to write local economic evaluations",
     "TBC by Government", EDS, "Response to Government consultation and/or new duty", ""),
    ("1.5f", "Consider and resolve the political leadership model of the Council as the White "
             "Paper requires",
     "Dec 2009 May 2010", CEX, "Model identified, then model implemented", ""),
    # 2.1 Code of Corporate Governance / Internal Audit
    ("2.1a", "Revise the Local Code of Governance in line with best practice",
     "May 2007", FIN, "Local Code of Governance amended and agreed by CMT and the Audit Committee",
     ""),
    ("2.1b", "Deliver all key annual internal audit performance targets",
     "Ongoing", FIN, "100% of performance targets met", ""),
    ("2.1c", "Meet the standards of the 2006 CIPFA Code of Internal Audit through self "
             "assessment and regular monitoring of the action plan",
     "July 2007", FIN, "External audit confirms the CIPFA standards are met", ""),
    # 2.2 Financial management
    ("2.2a", "Give budget holders the financial management information and skills their role "
             "requires",
     "June 2007 November 2007", FIN,
     "Training material in place; 100% of budget holders trained in financial management", ""),
    ("2.2b", "Publish an updated medium term financial strategy that takes account of revised "
             "corporate priorities, CSR 07 and the Lyons Inquiry",
     "Review Autumn 2007 Refresh March 2008", FIN, "Updated MTFS in place", ""),
    # 2.3 Risk management
    ("2.3a", "Implement an e-training package for risk management",
     "December 2007", FIN, "Package available on the intranet", ""),
    ("2.3b", "Refresh the corporate risk register and strengthen risk management arrangements",
     "March 2008", FIN, "Refreshed corporate risk register reported to the Audit Committee", ""),
    # 2.4 Partnership working
    ("2.4a", "Produce a register of significant partnerships and test the operation of their "
             "governance arrangements",
     "March 2008", CEX, "Governance arrangements of 100% of key partners tested; findings reported",
     ""),
    # 3.1 Quality consultation
    ("3.1a", "Identify and analyse all Council consultation exercises",
     "April Annually Sept Annually", CEX, "Annual plan produced; annual review produced", ""),
    # 3.2 Internal / external communication
    ("3.2a", "Carry out a baseline assessment of all communications and marketing budgets with a "
             "view to pooling resources",
     "June 2007", CEX, "Findings reported to CMT", ""),
    ("3.2b", "Align communications and marketing activity with corporate and business "
             "priorities in a Council-wide plan",
     "July 2007 (revise to October 2007)", CEX, "Plan agreed", ""),
    ("3.2c", "Refresh and strengthen the Corporate Communications and Marketing strategy",
     "October 2007", CEX, "Revised strategy and delivery model endorsed by Cabinet and CMT",
     "March 2008"),
    ("3.2d", "Produce the Council’s annual report",
     "October 2007 and every 12 months", CEX,
     "Report produced and distributed to every household", ""),
    ("3.2e", "Develop a single partnership community newspaper for Rotherham, funded by partner "
             "agencies",
     "Spring 2008", CEX,
     "Proposals agreed by RMBC and the LSP Board; newspaper distributed to all households", ""),
    # 4.1 Data quality
    ("4.1a", "Develop and implement a data quality strategy and statement",
     "September 2007", CEX, "Data quality strategy and statement published", ""),
    ("4.1b", "Subject all high risk indicators to data quality checks",
     "June 2007 June 2008 November 2007 November 2008", CEX,
     "Checks and actions reported to CMT quarterly; unqualified BVPP audit opinion", ""),
    ("4.1c", "Address all the recommendations of the data quality audit report within agreed "
             "timescales",
     "June Annually", CEX, "100% of data quality recommendations implemented", ""),
    ("4.1d", "Submit a quality self assessment and supporting evidence to the external auditors",
     "June 2007 June 2008 June 2009", CEX, "Data quality rating 4 out of 4", ""),
    # 4.2 Performance management framework / reporting
    ("4.2a", "Ensure all BIPs and SIPs include performance management details",
     "July annually commencing Q1 2007/08", CEX,
     "100% of BIPs and SIPs contain performance management detail", ""),
    ("4.2b", "Better align financial and performance quarterly reporting",
     "December 2007", FIN, "Reporting cycles aligned", ""),
    ("4.2c", "Extend the use of the performance management software within the Council and to "
             "key partners (VAR, PCT, Police)",
     "December 2007 December 2007", CEX,
     "All 3 key partners have access to Performance Plus; 100% of phase 2 users have access", ""),
    ("4.2d", "Hold performance clinics to challenge and act on poor performance",
     "March 2008 March 2009 March 2010", CEX, "10 performance clinics held each year", ""),
    # 5.1 Leadership development
    ("5.1a", "Prepare a submission and respond to the Roberts Commission",
     "Autumn 2007", CEX, "Submission made", ""),
    ("5.1b", "Commence M2 development centres",
     "February 2008", CEX, "Development centre attendance (LPI)", ""),
    ("5.1c", "Undertake a risk assessment of councillor surgeries",
     "TBC", CEX, "Risk assessment completed and reported to Members", ""),
    # 5.2 Workforce skills and capacity
    ("5.2a", "Refresh the management development modules in response to the White Paper",
     "March 2008 March 2009", CEX, "Development centre outcomes; IiP profile", ""),
    ("5.2b", "Audit PDRs and the identification and recording of learning needs",
     "October 2007 October 2008", CEX, "Audit data; employee opinion survey figures", ""),
    # 5.3 Resourcing, pay and reward
    ("5.3a", "Introduce Equip 2",
     "March 2010", CEX, "BVPI 17a at 3.1%", ""),
    ("5.3b", "Implement the new pay and grading system in phases",
     "July 2008", CEX, "New pay and grading system implemented", ""),
    # 6.1 Efficiency savings / VFM
    ("6.1a", "Produce the efficiency statement as required by ODPM timescales and in line with "
             "the technical note",
     "April 2007 July 2007 Mid Year Update", FIN,
     "Forward looking, backward looking and mid year statements submitted", ""),
    ("6.1b", "Target high spend services",
     "November 2007", FIN, "High spend VFM indicators improved", ""),
    # 6.2 Base budget review
    ("6.2a", "Review the high spend areas of asset management, transport costs and customer "
             "access to inform budget setting",
     "November 2008", CEX, "3 reviews completed", ""),
    # 6.3 Procurement
    ("6.3a", "Improve the processing of invoices within 30 days",
     "March 2008 March 2009 March 2010", FIN, "BVPI 8 at 96.3%, then 97.0%, then 97.5%", ""),
    # 7.1 Access to services
    ("7.1a", "Review and develop the Council’s Customer Access Strategy",
     "October 2007", FIN, "New strategy in place", ""),
    ("7.1b", "Increase the % of authority buildings open to the public in which all public areas "
             "are suitable for and accessible to disabled people",
     "March 2008", EDS, "BVPI 156 at 75% by 2007/08", ""),
    ("7.1c", "Open a total of 6 customer service centres by the end of 2008",
     "December 2008", FIN, "All centres opened on time", ""),
    # 7.2 Fairness
    ("7.2a", "Achieve level 5 of the Equality Standard for Local Government",
     "Level 5 by December 2007 Validation by March 2008", CEX, "BVPI 2a at level 5", ""),
    # 7.3 National awards
    ("7.3a", "Seek council-wide Charter Mark accreditation",
     "Autumn 2008", FIN, "Accreditation achieved", ""),
    ("7.3b", "Obtain ISO 9000 for Culture and Leisure",
     "September 2007", EDS, "Accreditation achieved", ""),
    # 7.4 Complaints
    ("7.4a", "Review the complaints procedures and complete a detailed action plan with partners "
             "and community and voluntary agencies",
     "November 2007", FIN, "New complaints system implemented", ""),
    ("7.4b", "Reduce the number of days taken to respond to the Ombudsman",
     "March 2008 March 2009", CEX, "Median (25 - 28 days), then top quartile (less than 24 days)",
     ""),
)

# ---------------------------------------------------------------------------
# Indicators: the ones the performance clinics looked at. Percentages are 0-100.
# ---------------------------------------------------------------------------
INDICATOR_YEARS: tuple[str, ...] = (
    "Outturn 2005/06",
    "Outturn 2006/07",
    "Target 2006/07",
    "Target 2007/08",
    "Target 2008/09",
    "Target 2009/10",
    "Quartile 2005/06",
    "Quartile 2006/07",
)

TOP, ABOVE, BELOW, BOTTOM = QUARTILES

# (ref, description, unit, polarity, owner, theme, benchmarked, {year column: value})
INDICATORS: tuple[tuple[str, str, str, str, str, int, bool, dict[str, float | str]], ...] = (
    ("BV 2a", "Level of the Equality Standard for Local Government achieved",
     "score", "higher", CEX, 7, False,
     {"Outturn 2005/06": 3, "Outturn 2006/07": 4, "Target 2006/07": 4, "Target 2007/08": 5}),
    ("BV 8", "% of invoices for commercial goods and services paid within 30 days",
     "%", "higher", FIN, 6, True,
     {"Outturn 2005/06": 91, "Outturn 2006/07": 91, "Target 2006/07": 95.9,
      "Target 2007/08": 96.3, "Target 2008/09": 97.0, "Target 2009/10": 97.5,
      "Quartile 2006/07": BELOW}),
    ("BV 11a", "% of the top paid 5% of staff who are women",
     "%", "higher", CEX, 5, True,
     {"Outturn 2005/06": 42.12, "Outturn 2006/07": 41.78,
      "Quartile 2005/06": TOP, "Quartile 2006/07": ABOVE}),
    ("BV 11b", "% of the top paid 5% of staff who are from an ethnic minority",
     "%", "higher", CEX, 5, True,
     {"Outturn 2005/06": 4.51, "Outturn 2006/07": 1.27,
      "Quartile 2005/06": BELOW, "Quartile 2006/07": BELOW}),
    ("BV 11c", "% of the top paid 5% of staff who have a disability",
     "%", "higher", CEX, 5, True,
     {"Outturn 2005/06": 2.65, "Outturn 2006/07": 2.99}),
    ("BV 17a", "% of staff from minority ethnic communities",
     "%", "higher", CEX, 5, False,
     {"Outturn 2006/07": 2.8, "Target 2009/10": 3.1}),
    ("BV 78a", "Average time to process new Housing Benefit claims (days)",
     "days", "lower", FIN, 7, True,
     {"Outturn 2005/06": 27, "Outturn 2006/07": 27.8, "Target 2006/07": 27,
      "Quartile 2005/06": TOP, "Quartile 2006/07": ABOVE}),
    ("BV 78b", "Average time to process Housing Benefit changes of circumstances (days)",
     "days", "lower", FIN, 7, True,
     {"Outturn 2005/06": 19.8, "Outturn 2006/07": 19.7, "Target 2006/07": 7,
      "Quartile 2005/06": TOP, "Quartile 2006/07": BOTTOM}),
    ("BV 127a", "Violent crime per 1,000 population",
     "number", "lower", NAS, 1, False,
     {"Outturn 2005/06": 21.8, "Outturn 2006/07": 22.2, "Target 2006/07": 21.8,
      "Target 2007/08": 22.1, "Target 2008/09": 22.0, "Target 2009/10": 21.9}),
    ("BV 128a", "Vehicle crime per 1,000 population",
     "number", "lower", NAS, 1, False,
     {"Outturn 2005/06": 14.5, "Outturn 2006/07": 15.7, "Target 2006/07": 13.0}),
    ("BV 156", "% of authority buildings open to the public in which all public areas are "
               "suitable for and accessible to disabled people",
     "%", "higher", EDS, 7, False,
     {"Target 2007/08": 75}),
    ("BV 204", "% of planning appeals allowed",
     "%", "lower", EDS, 1, False,
     {"Target 2007/08": 26}),
    ("PAF C32", "Older people helped to live at home per 1,000 population aged 65 or over",
     "number", "higher", NAS, 1, False,
     {"Outturn 2005/06": 86.75, "Outturn 2006/07": 80.2, "Target 2007/08": 97,
      "Target 2008/09": 102}),
    ("PAF C72", "Admissions of supported residents aged 65 or over to residential and nursing "
                "care per 10,000 population",
     "number", "lower", NAS, 1, False,
     {"Outturn 2005/06": 130, "Outturn 2006/07": 106.89, "Target 2006/07": 120}),
    ("LPI LGO", "Average days to respond to Local Government Ombudsman enquiries",
     "days", "lower", CEX, 7, True,
     {"Outturn 2005/06": 35.8, "Outturn 2006/07": 34.7, "Target 2007/08": 28,
      "Target 2008/09": 24, "Quartile 2005/06": BOTTOM, "Quartile 2006/07": BOTTOM}),
)

# ---------------------------------------------------------------------------
# External recommendations: (ref, source, recommendation, lead directorate,
# original date, revised date). Dates are text.
# ---------------------------------------------------------------------------
CA = "Corporate Assessment"
UOR = "Use of Resources 2006"
DQ = "Data quality audit 2006/07"

RECOMMENDATIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("CA 1", CA,
     "Improve connectivity between front line and back office systems so that major services "
     "are included in customer contact",
     FIN, "TBC", ""),
    ("CA 2", CA,
     "Improve footway condition by diverting funding to this area",
     EDS, "March 2008", ""),
    ("CA 3", CA,
     "Appoint a smoking cessation manager from Neighbourhood Renewal Funding",
     NAS, "Summer 2007", ""),
    ("CA 4", CA,
     "Implement the recommendation on the Decent Homes Standard by 2010 and monitor progress "
     "of the action plan",
     NAS, "March 2008", ""),
    ("UOR 1", UOR,
     "Implement all the recommendations relating to internal control",
     FIN, "November 2007", ""),
    ("DQ 1", DQ,
     "Check data quality quarterly and report it with the quarterly performance report, to "
     "reduce the number of PIs with issues or reservations",
     CEX, "June 2007", "November 2007"),
)

# Column widths (characters) per sheet, in column order.
_WIDTHS: dict[str, tuple[int, ...]] = {
    "Themes": (8, 60),
    "Outcomes": (8, 8, 80),
    "Directorates": (36, 56, 42),
    "Actions": (8, 9, 60, 30, 36, 60, 14),
    "Indicators": (10, 60, 8, 10, 36, 8, 13),
    "Recommendations": (8, 24, 70, 36, 14, 14),
}


def write_register(path: Path = TEMPLATE_PATH) -> Path:
    """Write the Council's plan register workbook to ``path`` and return the path."""
    rows = register_rows(THEMES, OUTCOMES, DIRECTORATES, ACTIONS, INDICATORS, RECOMMENDATIONS,
                         INDICATOR_YEARS)
    return write_workbook(path, rows, _WIDTHS, INDICATOR_YEARS)


if __name__ == "__main__":
    print(write_register(TEMPLATE_PATH))
