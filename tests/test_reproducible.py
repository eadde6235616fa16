"""Same config, same bytes: across processes, clocks, time zones, working folders, and
with or without HarfBuzz's subset library; and the PDF uses the bundled fonts only."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from policy_builder.commands.build import BuildResult
from tests.conftest import CONFIGS, EXAMPLES, ROOT

# Runs one build in a fresh interpreter. argv: config, out dir, clock offset in seconds,
# "no-subset" to make the HarfBuzz subset library unloadable, as on a machine without it.
BUILD_IN_A_NEW_PROCESS = """
import sys, time, cffi
config, out, offset, subset = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
real_time = time.time
time.time = lambda: real_time() + offset
if subset == "no-subset":
    real_dlopen = cffi.FFI.dlopen
    def dlopen(self, name, *args, **kwargs):
        if "subset" in str(name):
            raise OSError(f"{name}: cannot open shared object file")
        return real_dlopen(self, name, *args, **kwargs)
    cffi.FFI.dlopen = dlopen
import warnings
warnings.simplefilter("ignore", DeprecationWarning)
from pathlib import Path
from policy_builder.commands.build import build
build(Path(config), out_dir=Path(out))
import weasyprint.text.ffi as ffi
print("subsetter" if ffi.harfbuzz_subset is not None else "no subsetter")
"""


def build_elsewhere(
    config: Path, out: Path, cwd: Path, *, offset: float, tz: str, subset: str
) -> str:
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TZ": tz, "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-c", BUILD_IN_A_NEW_PROCESS, str(config), str(out), str(offset), subset],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_builds_are_byte_identical_across_processes_clocks_zones_folders_and_subsetters(
    tmp_path: Path,
) -> None:
    config = CONFIGS / "acme.yaml"
    first = build_elsewhere(
        config, tmp_path / "a", tmp_path / "cwd-a", offset=0, tz="UTC", subset=""
    )
    # A day and a few seconds later by its clock, in another zone and folder, on a
    # machine without HarfBuzz's subsetter.
    second = build_elsewhere(
        config,
        tmp_path / "b",
        tmp_path / "cwd-b" / "deeper",
        offset=86_405,
        tz="America/Mexico_City",
        subset="no-subset",
    )
    assert second == "no subsetter"
    if ctypes.util.find_library("harfbuzz-subset"):
        assert first == "subsetter"
    a, b = files(tmp_path / "a" / "acme" / "2.0.1"), files(tmp_path / "b" / "acme" / "2.0.1")
    assert sorted(a) == sorted(b)
    assert {n for n in a if n.endswith(".pdf")}
    assert {n for n in a if n.endswith(".docx")}  # Word: zip stamps and core dates fixed
    for name in a:
        assert a[name] == b[name], f"{name} differs between the two builds"


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_pdf_embeds_only_the_bundled_fonts(built: dict[str, BuildResult], slug: str) -> None:
    result = built[slug]
    for pdf in result.directory.glob("*.pdf"):
        used: set[str] = set()
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                used.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
        assert used, pdf.name
        assert used <= {
            "Handbook-Sans",
            "Handbook-Sans-Bold",
            "Handbook-Sans-Italic",
            "Handbook-Sans-Bold-Italic",
            "Handbook-Mono",
            "Handbook-Mono-Bold",
            "Policy-Form-Sans",  # the form fields' Latin subset (pipeline/form_font.py)
        }, f"{pdf.name}: {used}"


def test_manifest_records_the_renderer_and_the_fonts(built: dict[str, BuildResult]) -> None:
    import hashlib
    import json

    from policy_builder.pipeline import fonts, pdf_engine

    manifest = json.loads((built["acme"].directory / "manifest.json").read_text())
    assert manifest["renderer"] == pdf_engine.versions().manifest()
    assert set(manifest["renderer"]) == {"weasyprint", "pydyf", "fonttools", "pango", "harfbuzz"}
    recorded = {f["file"]: f for f in manifest["fonts"]}
    for face in fonts.FACES:
        entry = recorded[face.file]
        assert entry["sha256"] == hashlib.sha256(fonts.font_path(face).read_bytes()).hexdigest()
        assert entry["version"] in ("2.004", "2.006")
