"""Directorates' returns: the workbooks sent out, read back and checked."""
