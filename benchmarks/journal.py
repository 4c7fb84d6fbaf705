"""How much does copkit add to a journal, over merely loading its files?

Run it as ``PATH=.venv/bin:$PATH python benchmarks/journal.py [--communities 10] [--years 5] [--rounds 5]
[--copkit PATH]`` from the dev environment (``--copkit``: another install's command, to compare). It writes N communities, each a charter and a journal of monthly meetings with a
retrospective every quarter for the given years (10 × 5 years: 600 entries), to a temporary folder in
the layout the README suggests, then times whole processes, start-up included:

- ``copkit check`` of the folder: every charter and entry validated, linked and its rules run;
- ``copkit status`` of the folder: every journal gathered into the portfolio;
- ``copkit report`` of the folder as HTML and as PDF: the portfolio report of every community
  (a fresh ``--out`` folder each run), cold (an empty cache of charts and PDFs, ``XDG_CACHE_HOME`` a
  fresh folder: every chart drawn, the PDF laid out) and warm (the cache the warm-up round filled:
  as the second report of a journal that did not change). The issue's target: the report at most
  5x the load floor;
- the load floor: one Python process that loads every file with PyYAML's libyaml loader.

Commands run round-robin after one discarded warm-up round; each figure is the median of its rounds.
It prints the medians and the ratios to the load floor. A measuring tool, not a test: it exits 0
whatever the figures, and nonzero only when it cannot run (copkit missing, or copkit rejecting the
journal it generated).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "communities" / "learning-from-incidents" / "charter.yaml"
TODAY = date(2031, 1, 1)
FLOOR = (
    "import sys, yaml, pathlib\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(path.read_bytes(), Loader=loader)\n"
)
CRITERIA = ("Participation", "Reviews written", "Member satisfaction")
HEALTH = ("dialogue", "shared_responsibility", "knowledge_decisive", "everyday_help", "crossing_boundaries")


def write_journal(root: Path, communities: int, years: int) -> int:
    """The communities and their journals; returns the number of files written."""
    charter = EXAMPLE.read_text(encoding="utf-8")
    random.seed(7)
    files = 0
    for number in range(communities):
        name = f"Learning from Incidents {number + 1}"
        folder = root / "communities" / f"community-{number + 1}"
        (folder / "journal").mkdir(parents=True)
        text = charter.replace("name: Learning from Incidents", f"name: {name}")
        (folder / "charter.yaml").write_text(text.replace("review_date: 2027-04-30", "review_date: 2031-06-30"))
        files += 1
        day = date(2026, 1, 6)
        for month in range(12 * years):
            retro = month % 3 == 2
            kind = "retro" if retro else "meeting"
            lines = [
                "copkit: 1",
                f"kind: {kind}",
                f"community: {name}",
                f"date: {day.isoformat()}",
                f"attendance: {{present: {random.randint(8, 20)}, new: {random.randint(0, 3)}, online: {random.randint(0, 6)}}}",
                f"rating: {random.randint(30, 50) / 10}",
                "topics: [Near misses in the deploy pipeline, The on-call handover]",
                "harvest:",
                "  - Write the timeline before the analysis; memories fade within a day.",
                "actions:",
                f"  - {{what: Share the review template, who: Tom Okafor, due: {(day + timedelta(days=14)).isoformat()}, done: true}}",
                "stories:",
                "  - {cycle: applied, story: The checklist shortened an outage review by an hour.}",
            ]
            if retro:
                lines += ["criteria:"] + [f"  - {{criterion: {c}, score: {random.randint(3, 5)}}}" for c in CRITERIA]
                lines += ["health:"] + [f"  {key}: {random.randint(30, 50) / 10}" for key in HEALTH]
                lines += ["safety: 4.5", "decisions: [We continue as we are]"]
            (folder / "journal" / f"{day.isoformat()}-{kind}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )
            files += 1
            day = (day.replace(day=1) + timedelta(days=32)).replace(day=6)
    return files


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, env=env)
    return time.perf_counter() - start


class Report:
    """``copkit report`` of the folder into a fresh --out each run; PDF with a fresh or a shared cache."""

    def __init__(self, copkit: str, root: Path, fmt: str, cache: str) -> None:
        self.copkit, self.root, self.fmt, self.cache, self.runs = copkit, root, fmt, cache, 0

    def __call__(self) -> float:
        self.runs += 1
        run = self.root / "runs" / f"{self.fmt}-{self.cache}-{self.runs}"
        cache = self.root / "runs" / "warm-cache" if self.cache == "warm" else run / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        command = [self.copkit, "report", str(self.root / "communities"), "--today", TODAY.isoformat()]
        seconds = timed([*command, "--format", self.fmt, "--out", str(run / "out")], env)
        shutil.rmtree(run / "out", ignore_errors=True)
        return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copkit", help="the copkit command to time (default: the one on PATH)")
    args = parser.parse_args()
    copkit = args.copkit or shutil.which("copkit")
    if copkit is None:
        print("benchmarks/journal.py: the copkit command is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="copkit-journal-bench-") as folder:
        root = Path(folder)
        files = write_journal(root, args.communities, args.years)
        today = ["--today", TODAY.isoformat()]
        check = subprocess.run([copkit, "check", str(root), *today, "--format", "json"], capture_output=True, text=True)
        if check.returncode != 0:
            print(
                f"copkit rejected the generated journal:\n{check.stdout[:2000]}{check.stderr[:2000]}", file=sys.stderr
            )
            return 1
        commands = {
            "copkit check": lambda: timed([copkit, "check", str(root / "communities"), *today]),
            "copkit status": lambda: timed([copkit, "status", str(root / "communities"), *today]),
            "report html": Report(copkit, root, "html", "cold"),
            "report html, warm": Report(copkit, root, "html", "warm"),
            "report pdf": Report(copkit, root, "pdf", "cold"),
            "report pdf, warm": Report(copkit, root, "pdf", "warm"),
            "load floor": lambda: timed([sys.executable, "-c", FLOOR, str(root / "communities")]),
        }
        for command in commands.values():  # warm-up round, discarded (it also fills the warm cache)
            command()
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(command())
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"{args.communities} communities × {args.years} years: {files} files, median of {args.rounds} rounds")
        for name, value in medians.items():
            print(f"  {name:<18} {value:7.3f} s")
        floor = medians["load floor"]
        for name in ("copkit check", "copkit status"):
            print(f"  {name} / load floor: {medians[name] / floor:.2f}×")
        for name in ("report html", "report html, warm", "report pdf", "report pdf, warm"):
            ratio = medians[name] / floor
            print(f"  copkit {name:<17} / load floor: {ratio:6.2f}× (target ≤ 5×: {'PASS' if ratio <= 5 else 'MISS'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
