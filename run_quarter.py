#!/usr/bin/env python3
"""Run the quarterly Improvement Plan reporter: `python run_quarter.py --help`."""

import sys

from reporter.cli import main

if __name__ == "__main__":
    sys.exit(main())
