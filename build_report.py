#!/usr/bin/env python3
"""Check an investigation's YAML and build its report (site pages, PDF brief, exports).

Run `python build_report.py --help`. The work happens in the `reportgen` package;
this file only starts it.
"""

import sys

from reportgen.cli import main

if __name__ == "__main__":
    sys.exit(main())
