"""A worker process of ``pdf.html_to_pdfs``: lays out some of a config's pages.

    python -m policy_builder.pipeline.pdf_worker FOLDER EFFECTIVE_DATE I [I...]

renders ``FOLDER/<I>.html`` to ``FOLDER/<I>.pdf`` with ``pdf.html_to_pdf``, as
``FOLDER/<I>.json`` describes its edition (``pdf_archive.Edition``), so the bytes
are those the calling process would have made. It exits non-zero on any failure,
and the caller then renders those pages itself.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from policy_builder.pipeline.pdf import html_to_pdf
from policy_builder.pipeline.pdf_archive import Edition


def main(argv: list[str]) -> int:
    folder, day, *indexes = argv
    effective_date = dt.date.fromisoformat(day)
    for index in indexes:
        html = (Path(folder) / f"{index}.html").read_text(encoding="utf-8")
        edition = Edition.from_json(json.loads((Path(folder) / f"{index}.json").read_bytes()))
        (Path(folder) / f"{index}.pdf").write_bytes(html_to_pdf(html, effective_date, edition))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
