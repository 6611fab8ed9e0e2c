"""Documents as people see them: a PDF's pages as images (pdftoppm) and as lines of text in reading
order (pypdf), for the checks of issue 13 §5: no heading is the last line of a page, a signature
block is on the page of its closing lines. The images are kept under test-artifacts/documents/
for a person to look at; they are never committed."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "documents"
# The page footer ("Halaman 2 dari 9", "2 / 3") is not part of a page's body.
FOOTER = re.compile(r"^(Halaman \d+ dari \d+|Page \d+ of \d+|\d+ / \d+)$")


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of body text, top to bottom, the footer left out. Only the page's own
    text counts: WeasyPrint draws it in the page's flipped coordinates (a negative vertical
    scale), while the text inside an embedded chart (an SVG) has its own, and is the chart's."""
    pages = []
    for page in PdfReader(BytesIO(pdf)).pages:
        rows: dict[float, list[str]] = {}

        def visit(text: str, cm: list[float], tm: list[float], *_font: object) -> None:
            if text.strip() and cm[3] < 0:
                rows.setdefault(round(tm[5]), []).append(text.strip())  # noqa: B023 - used at once

        page.extract_text(visitor_text=visit)
        lines = [" ".join(" ".join(rows[y]).split()) for y in sorted(rows)]
        pages.append([line for line in lines if line and not FOOTER.match(line)])
    return pages


def page_images(pdf: bytes, name: str, resolution: int = 50) -> list[Path]:
    """The pages as PNG images under test-artifacts/documents/<name>/; fails when a page is blank
    (a page that carries nothing but its footer: what a stray break leaves)."""
    assert shutil.which("pdftoppm"), "pdftoppm is needed (Debian poppler-utils; `make test` installs it)"
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", str(resolution), str(source), str(folder / "page")],  # noqa: S607
        check=True,
        timeout=120,
    )
    images = sorted(folder.glob("page-*.png"))
    assert len(images) == len(PdfReader(BytesIO(pdf)).pages)
    for image in images:
        with Image.open(image) as picture:
            grey = picture.convert("L")
            width, height = grey.size
            # The body (above the footer's band) must carry ink.
            body = grey.crop((0, 0, width, int(height * 0.9)))
            assert body.getextrema()[0] < 128, f"{image.name} is blank"
    return images


def headings_alone(pdf: bytes, headings: list[str]) -> list[str]:
    """The headings (texts as printed) that end a page: a heading must be followed on its page by
    what it heads. A long heading wraps, so a last line that is a piece of a heading counts too."""
    wanted = [" ".join(heading.split()) for heading in headings]
    found = []
    for number, lines in enumerate(page_lines(pdf), start=1):
        last = lines[-1] if lines else ""
        if last and any(last == heading or (len(last) >= 12 and last in heading) for heading in wanted):
            found.append(f"page {number}: {last!r}")
    return found
