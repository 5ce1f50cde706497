#!/usr/bin/env python3
"""Check an investigation's YAML and build its report (site pages, PDF brief, exports).

Run `./build_report.py --help`. Started by any Python 3, it re-runs itself under the
project's `.venv` (made by `make`) when this interpreter lacks the packages; the work
happens in the `reportgen` package, this file only starts it.
"""

import sys
from pathlib import Path

from reportgen.launch import ensure_packages

if __name__ == "__main__":
    code = ensure_packages(Path(__file__).resolve(), sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from reportgen.cli import main

    sys.exit(main())
