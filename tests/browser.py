"""Headless Chromium for tests: screenshots of a page and its DOM after scripts ran.

Pages are checked in a real browser because what matters (inline styles kept, labels shown,
no script from article text run) only shows once a browser has parsed and run the page.

    from tests import browser

    chromium = browser.require()          # the executable, or pytest.skip with the reason
    browser.screenshot(page, png)         # PNG of the page as a 1200 px wide window shows it
    html = browser.dom(page)              # the DOM serialised after scripts and onerror ran
    browser.colours(png) > 50             # a real render, not a blank page

Chromium is looked up as ``chromium``, ``chromium-browser``, ``google-chrome`` (on PATH or in
/usr/bin); the ``CHROMIUM`` environment variable names another executable. Each run gets a
fresh profile and no network services, so runs are independent and quiet.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.core import files

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 90
# Time the page gets to run its scripts and load handlers (onerror of a broken image) before
# the DOM is dumped or the screenshot taken; virtual time, so it costs no real waiting.
SCRIPT_BUDGET_MS = 3000
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
)


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome executable, or None when there is none."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    for name in CANDIDATES:
        found = shutil.which(name) or shutil.which(name, path="/usr/bin")
        if found:
            return found
    return None


def missing_reason() -> str:
    """Why browser tests cannot run here (empty when Chromium is available)."""
    if find_chromium():
        return ""
    return ("Chromium not found (looked for " + ", ".join(CANDIDATES) + " and $CHROMIUM); "
            "install it with `apt-get install -y chromium` (as root, `make test` does this)")


def require() -> str:
    """The Chromium executable; skips the calling test with the reason when there is none."""
    import pytest

    chromium = find_chromium()
    if not chromium:
        pytest.skip(missing_reason())
    return chromium


def _url(page: str | Path) -> str:
    """A file's ``file://`` URL; an ``http(s)://`` address as it is."""
    if str(page).startswith(("http://", "https://")):
        return str(page)
    return Path(page).resolve().as_uri()


def _run(arguments: list[str], budget_ms: int = SCRIPT_BUDGET_MS) -> subprocess.CompletedProcess:
    chromium = find_chromium()
    if not chromium:
        raise RuntimeError(missing_reason())
    # A child process may still be writing to the profile as Chromium exits.
    with tempfile.TemporaryDirectory(prefix="chromium-profile-",
                                     ignore_cleanup_errors=True) as profile:
        result = subprocess.run(
            [chromium, *FLAGS, f"--virtual-time-budget={budget_ms}",
             f"--user-data-dir={profile}", *arguments],
            capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: "
                           + result.stderr.decode(errors="replace")[-2000:])
    return result


def screenshot(html_file: str | Path, png_file: str | Path, width: int = 1200,
               height: int = 1600) -> Path:
    """Render ``html_file`` (or an ``http(s)://`` address) in a ``width`` x ``height`` window
    and save it as ``png_file``
    (written atomically). Content below ``height`` is cut off: pass a taller window for long
    pages. Returns the PNG's path."""
    url = _url(html_file)
    # Chromium picks the image format from the name's suffix, so it writes a .png in a
    # scratch folder that is then copied into place atomically.
    with tempfile.TemporaryDirectory(prefix="chromium-shot-") as scratch:
        shot = Path(scratch) / "page.png"
        _run([f"--window-size={width},{height}", f"--screenshot={shot}", url])
        if not shot.is_file() or shot.stat().st_size == 0:
            raise RuntimeError(f"chromium wrote no screenshot of {html_file}")
        return files.write_bytes(png_file, shot.read_bytes())


def dom(page: str | Path, width: int = 1200, height: int = 1600,
        budget_ms: int = SCRIPT_BUDGET_MS) -> str:
    """The page's DOM as HTML after the browser parsed it and ran its scripts (``--dump-dom``):
    anything a script or an ``onerror`` handler changed (``document.title``, an added element)
    shows here, unlike in the file itself. ``page`` is a file or an ``http(s)://`` address;
    the window size matters to scripts that measure the layout; a web application (JupyterLab)
    needs a larger ``budget_ms`` of virtual time to render."""
    return _run([f"--window-size={width},{height}", "--dump-dom", _url(page)],
                budget_ms).stdout.decode("utf-8", errors="replace")


def colours(png_file: str | Path) -> int:
    """How many distinct colours a screenshot has: a blank or failed render has one or two,
    a page with styled text has hundreds (anti-aliasing)."""
    from PIL import Image

    with Image.open(png_file) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 24))
