"""Headless Chromium for the browser tests: find it, print a page to PDF, read a page's DOM after its scripts ran.

Chromium is found at ``/usr/bin/chromium`` or as ``chromium`` on PATH; ``.ci/run`` installs it from the
system's packages when it is missing, so in CI these tests run instead of skipping. Every run gets a
fresh profile (and HOME) in the test's temporary folder, no network and no header or footer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_SECONDS = 120

# Headless, no network, no profile of the user's, and no date/URL header or footer when printing.
# Chromium 120 and later call the last switch --no-pdf-header-footer; older ones only know
# --print-to-pdf-no-header. Chromium ignores switches it does not know, so both are given.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",
)


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def chromium_or_skip() -> str:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (no /usr/bin/chromium, no chromium on PATH); .ci/run installs it")
    return chromium


def run_chromium(chromium: str, profile: Path, *arguments: str, what: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium in a fresh profile, or fail the test saying why."""
    profile.mkdir()
    argv = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments]
    env = {**os.environ, "HOME": str(profile)}  # crash reports and caches stay out of the real home
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=CHROMIUM_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not finish {what} within {CHROMIUM_SECONDS} s")
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-15:])
        pytest.fail(f"Chromium exited {done.returncode} on {what}:\n{tail}")
    return done


def print_to_pdf(chromium: str, html: Path, pdf: Path, profile: Path) -> None:
    """Print ``html`` to ``pdf`` as a browser's print dialog would, or fail saying why."""
    done = run_chromium(chromium, profile, f"--print-to-pdf={pdf}", html.as_uri(), what=f"printing {html.name}")
    if not pdf.is_file() or pdf.stat().st_size == 0:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-15:])
        pytest.fail(f"Chromium printed no PDF of {html.name}:\n{tail}")


def dump_dom(chromium: str, html: Path, profile: Path) -> str:
    """The page's DOM once its scripts have run (virtual time, so no waiting on the wall clock)."""
    done = run_chromium(
        chromium, profile, "--virtual-time-budget=5000", "--dump-dom", html.as_uri(), what=f"loading {html.name}"
    )
    return done.stdout
