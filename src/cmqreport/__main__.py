"""``python -m cmqreport``: the same as the ``cmqreport`` command."""

from __future__ import annotations

from cmqreport.cli.app import main

if __name__ == "__main__":
    main()
