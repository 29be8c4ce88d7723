"""The command handlers, grouped by what they do; ``reporter.cli`` builds the parser
that calls them.

- ``quarter``: ``templates``, ``check``, ``run``, ``demo``
- ``history``: ``import``, ``sample``
- ``indicators``: ``import-indicators``, ``benchmark``
- ``organisation``: ``plan``, ``timetable``
"""
