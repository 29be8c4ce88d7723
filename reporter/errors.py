"""The one root exception of the package.

Library code raises ReporterError (or a subclass) only when it cannot go on;
problems a user can fix in their data are returned as findings instead.
"""


class ReporterError(Exception):
    """Something stops the program; the message says what and how to fix it."""


class ConfigurationError(ReporterError):
    """The settings or the plan register cannot be used as they are."""
