"""The organisation's plan register, settings and reporting timetable."""
