"""Stage 4b: HTML → PDF with WeasyPrint, imported only when a PDF is asked for.

Same input, same bytes, on any machine with the same renderer versions:

- Text is drawn with the bundled fonts only (``fonts.py``), never the machine's.
- Fonts are always subset with fontTools, even where HarfBuzz's subsetter is
  installed, so having ``libharfbuzz-subset0`` or not changes nothing. GSUB and GPOS,
  which WeasyPrint drops from every subset anyway, are removed before fontTools parses
  them (``_Subsetter``): that parsing was half the time of a PDF build.
- Every date the renderer stamps comes from the policy's effective date: the PDF's
  creation and modification dates (from the page's ``dcterms`` metadata) and each
  font subset's ``head.modified`` (fontTools reads ``SOURCE_DATE_EPOCH``).

The fetcher serves ``data:`` URLs (the layout inlines everything) and the bundled
font files, and refuses every other URL, so a PDF build makes no network request
and embeds no other local file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from policy_builder.pipeline import fonts
from policy_builder.pipeline.pdf_archive import Edition, write_options

_WORKER = "policy_builder.pipeline.pdf_worker"  # run by module name: it imports this one


def html_to_pdfs(
    pages: Sequence[str],
    effective_date: dt.date,
    jobs: int | None = None,
    editions: Sequence[Edition] | None = None,
) -> list[bytes]:
    """``html_to_pdf`` of every page, in order, in up to ``jobs`` processes at once.

    Laying out a page is most of a build's time and uses one core, so a config's
    language versions are laid out side by side: this process renders the first page
    while a worker process (``pdf_worker``, a new interpreter: nothing is copied from
    this one, whatever threads it runs) renders the next. Each page is rendered alone
    from the same inputs, so the bytes are those of ``html_to_pdf`` here; a worker that
    fails leaves its pages to this process. ``jobs`` defaults to the usable cores, and
    to 1 inside a worker process of a batch build, which already keeps every core busy.
    ``editions`` gives each page's variant, metadata and attachments (``pdf_archive``).
    """
    jobs = _default_jobs() if jobs is None else jobs
    kinds = list(editions) if editions is not None else [Edition()] * len(pages)
    if jobs <= 1 or len(pages) <= 1:
        return [
            html_to_pdf(html, effective_date, kind) for html, kind in zip(pages, kinds, strict=True)
        ]
    shares = [range(len(pages))[k :: min(jobs, len(pages))] for k in range(min(jobs, len(pages)))]
    with tempfile.TemporaryDirectory(prefix="policy-pdf-") as scratch:
        folder = Path(scratch)
        for i, html in enumerate(pages):
            (folder / f"{i}.html").write_text(html, encoding="utf-8")
            (folder / f"{i}.json").write_text(json.dumps(kinds[i].to_json()), encoding="utf-8")
        workers = [(_start_worker(folder, share, effective_date), share) for share in shares[1:]]
        try:
            pdfs = {i: html_to_pdf(pages[i], effective_date, kinds[i]) for i in shares[0]}
            for worker, share in workers:
                done = worker.wait() == 0
                for i in share:
                    made = folder / f"{i}.pdf"
                    if done:
                        pdfs[i] = made.read_bytes()
                    else:
                        pdfs[i] = html_to_pdf(pages[i], effective_date, kinds[i])
        finally:
            for worker, _share in workers:  # interrupted: stop them before the folder goes
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
    return [pdfs[i] for i in range(len(pages))]


def _start_worker(folder: Path, share: range, effective_date: dt.date) -> subprocess.Popen[bytes]:
    """``pdf_worker`` rendering ``folder/<i>.html`` to ``<i>.pdf`` for each page of ``share``."""
    # The worker imports this package from where this process found it.
    where = [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in where if p)}
    # -P: the current folder is not put on sys.path, so a policy_builder/ or weasyprint.py
    # lying there is never imported in place of the installed ones.
    command = [sys.executable, "-P", "-m", _WORKER, str(folder), effective_date.isoformat()]
    return subprocess.Popen(
        [*command, *map(str, share)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a failure is reproduced here, with its message
        env=env,
    )


def _default_jobs() -> int:
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        return 1  # a worker of a parallel build, or of another program's pool
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity
        return os.cpu_count() or 1


def html_to_pdf(html: str, effective_date: dt.date, edition: Edition | None = None) -> bytes:
    """Render a self-contained handbook page to PDF bytes (A4, from the CSS), as
    ``edition`` says (by default PDF/A-3b with nothing embedded)."""
    edition = edition or Edition()
    with _reproducible(effective_date):
        document = layout(html)
        options = write_options(edition, effective_date, document)
        pdf: bytes = document.write_pdf(**options)
    return pdf


def layout(html: str) -> Any:
    """The laid-out WeasyPrint document (pages and boxes), as the PDF will draw it."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint reports unsupported CSS and refused URLs as log warnings, and that it
    # subsets with fontTools; the CSS is ours, refusing is by design and fontTools is our
    # choice, so keep stderr quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _fetcher()
    font_config = FontConfiguration()
    bundled = CSS(string=fonts.font_face_css(), font_config=font_config, url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[bundled], font_config=font_config, pdf_forms=True
    )


def _fetcher() -> Any:
    """A fetcher of ``data:`` URLs and the bundled fonts, refusing every other URL."""
    from weasyprint.urls import URLFetcher

    allowed = {fonts.font_path(face).resolve() for face in fonts.FACES}

    class _InlineOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or _bundled_font(url, allowed):
                return super().fetch(url, headers)
            raise ValueError(f"policy-builder does not fetch {url}")

    return _InlineOnlyFetcher(allowed_protocols={"data", "file"})


def _bundled_font(url: str, allowed: set[Path]) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve() in allowed


@contextlib.contextmanager
def _reproducible(effective_date: dt.date) -> Iterator[None]:
    """Subset with fontTools and date font subsets at the effective date, for the block."""
    import weasyprint.pdf.fonts as pdf_fonts

    epoch = dt.datetime.combine(effective_date, dt.time(), dt.UTC).timestamp()
    saved_env = os.environ.get("SOURCE_DATE_EPOCH")
    saved_subsetter, saved_fonttools = pdf_fonts.harfbuzz_subset, pdf_fonts.subset
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    pdf_fonts.harfbuzz_subset = None  # WeasyPrint then uses fontTools (see module doc)
    pdf_fonts.subset = _FONTTOOLS
    try:
        yield
    finally:
        pdf_fonts.harfbuzz_subset, pdf_fonts.subset = saved_subsetter, saved_fonttools
        if saved_env is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_env


class _Subsetter:
    """fontTools' subsetter, minus the glyph substitution and positioning tables.

    WeasyPrint drops GSUB and GPOS from every embedded subset (text is already shaped),
    but fontTools would first parse them, which is most of the time spent subsetting
    Noto Sans. Removing them from the in-memory copy before subsetting gives the same
    glyphs at half the cost of a PDF's font work.
    """

    def __init__(self, options: Any) -> None:
        from fontTools import subset

        self._subsetter = subset.Subsetter(options)

    def populate(self, **kwargs: Any) -> None:
        self._subsetter.populate(**kwargs)

    def subset(self, font: Any) -> None:
        for tag in ("GSUB", "GPOS"):
            if tag in font:
                del font[tag]
        self._subsetter.subset(font)


class _FontTools:
    """What WeasyPrint's font code uses of ``fontTools.subset``, with ``_Subsetter``."""

    @property
    def Options(self) -> Any:  # the name WeasyPrint looks up
        from fontTools import subset

        return subset.Options

    Subsetter = _Subsetter


_FONTTOOLS = _FontTools()
