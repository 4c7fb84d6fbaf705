"""How long does `copkit render` take per handout, and how much of that is copkit's own overhead?

Run it as ``python benchmarks/render.py [--charters 200] [--pdf-charters N] [--rounds 5]`` from the
dev environment. It writes N valid, varied charters with the generator of benchmarks/check.py,
loads and checks them once, then times in this one process (no start-up, no file writing):

- the baseline: bare Jinja, ``environment(kind, lang, None).get_template(...).render(context)``
  with each context built beforehand exactly as ``render()`` builds it (words, plan, date), so it
  is the template work alone;
- ``render()`` to HTML, given the activity library loaded once, as ``copkit render`` does;
- ``render()`` to HTML without ``activities=``, as a library caller would write it: the activity
  library is then read from YAML for every agenda and retrospective sheet;
- ``render()`` to PDF: the HTML again, then WeasyPrint. Slow, so it runs one round; by default it
  covers every charter (about a minute for 200 on a laptop-class machine). ``--pdf-charters K``
  times only the first K charters and extrapolates to all N, and the output says so.

Then, whole processes as a coach runs them (start-up, worker processes and writing included):
``copkit render FOLDER`` of the first ``--process-charters`` charters (5 by default) to PDF against
the same to HTML, round-robin, median of ``--process-rounds``; each PDF run starts with an empty
cache (``XDG_CACHE_HOME`` a fresh folder), and a last row times a second run over a warm cache.
The issue's target: PDF at most 3x the HTML on two cores. ``--process-only`` skips the in-process part.
``--against SRC`` adds, in the same rounds, the PDF made by another copkit source tree (a git worktree
of the commit before, say: ``python -m copkit`` with ``PYTHONPATH=SRC``), for a before/after ratio on a
machine too busy for figures from separate runs to compare.

HTML figures are the median of ``--rounds`` rounds after one untimed warm-up round (templates
compiled, Babel locales loaded). Every handout is rendered in its charter's own language. Output:
seconds for all handouts, milliseconds per handout, the ratio to the baseline, and the same per
kind of handout. It is a measuring tool, not a test: it exits 0 whatever the figures, and nonzero
only when it cannot run (a generated charter rejected, or a render error).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import copkit.pdf
from copkit.activities import PlanError, load_activities, plan_launch, plan_retro
from copkit.checking import check_file
from copkit.choices import HANDOUTS
from copkit.rendering import RenderError, environment, render, template_context

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 24)  # check the generated charters against a fixed day, as the tests do
MEETING_DATE = date(2027, 1, 12)  # the --date a coach would give; the same for every handout
CHILD_ENV = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}


def load_generator():
    """``generate(folder, count, seed)`` from benchmarks/check.py, imported by path (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location("copkit_benchmark_check", HERE / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def context_of(charter, handout: str, lang: str, meeting_date: date | None, activities) -> dict:
    """The template context exactly as ``copkit.rendering.render`` builds it."""
    return template_context(charter, handout, lang=lang, meeting_date=meeting_date, activities=activities)


Job = Callable[[], int]  # renders one handout, returns its size in bytes


def run_jobs(jobs: list[tuple[str, Job]]) -> tuple[float, dict[str, float]]:
    """Run every job once: total seconds, and seconds by kind of handout."""
    by_kind: dict[str, float] = collections.defaultdict(float)
    clock = time.perf_counter
    start = clock()
    for kind, job in jobs:
        begin = clock()
        job()
        by_kind[kind] += clock() - begin
    return clock() - start, dict(by_kind)


def timed_rounds(jobs: list[tuple[str, Job]], rounds: int) -> tuple[float, dict[str, float]]:
    """Median total and median per kind over ``rounds`` rounds, after one untimed warm-up round."""
    run_jobs(jobs)
    results = [run_jobs(jobs) for _ in range(rounds)]
    total = statistics.median(r[0] for r in results)
    kinds = {kind: statistics.median(r[1][kind] for r in results) for kind in results[0][1]}
    return total, kinds


def valid_charters(count: int, seed: int) -> tuple[list, list[tuple[str, str]]]:
    """The first ``count`` generated charters that pass ``copkit check`` and have a plan for every handout.

    Some generated charters meet for 30 minutes: valid, but too short for a launch agenda, so
    render() refuses them. They are left out (and reported); more are generated to make up ``count``.
    """
    generate = load_generator()
    activities = load_activities()
    wanted = count + count // 4 + 10
    while True:
        work = Path(tempfile.mkdtemp(prefix="copkit-bench-render-"))
        try:
            charters, skipped = [], []
            for relative in generate(work / "charters", wanted, seed):
                result = check_file(work / relative, today=TODAY)
                if result.charter is None:
                    problems = "; ".join(str(problem) for problem in result.problems[:5])
                    raise ValueError(f"copkit rejected generated charter {relative}: {problems}")
                try:
                    plan_launch(result.charter, activities)
                    plan_retro(result.charter, activities=activities)
                except PlanError as exc:
                    skipped.append((Path(relative).name, str(exc)))
                    continue
                charters.append(result.charter)
                if len(charters) == count:
                    return charters, skipped
        finally:
            shutil.rmtree(work, ignore_errors=True)
        wanted *= 2


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charters", type=int, default=200, help="number of charters (default 200)")
    parser.add_argument(
        "--pdf-charters",
        type=int,
        default=None,
        help="time PDF for only the first K charters and extrapolate (default: all of them)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed HTML rounds; the median is reported (default 5)")
    parser.add_argument("--seed", type=int, default=2027, help="random seed of the generator (default 2027)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF timing")
    parser.add_argument("--process-charters", type=int, default=5, help="charters for the whole-process timing")
    parser.add_argument("--process-rounds", type=int, default=5, help="rounds of the whole-process timing")
    parser.add_argument("--process-only", action="store_true", help="only the whole-process timing")
    parser.add_argument("--against", type=Path, help="another copkit source tree to time PDF with, in the same rounds")
    args = parser.parse_args()
    if args.charters < 1 or args.rounds < 1 or (args.pdf_charters is not None and args.pdf_charters < 1):
        parser.error("--charters, --pdf-charters and --rounds must be at least 1")
    pdf_charters = min(args.pdf_charters or args.charters, args.charters)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

    try:
        charters, skipped = valid_charters(args.charters, args.seed)
    except ValueError as exc:
        print(f"benchmarks/render.py: {exc}", file=sys.stderr)
        return 2
    try:
        if not args.process_only:
            measure(args, charters, skipped, pdf_charters)
        return whole_process(args)
    except RenderError as exc:
        print(f"benchmarks/render.py: render failed: {exc}", file=sys.stderr)
        return 2


def charter_files(count: int, seed: int, folder: Path) -> list[Path]:
    """The first ``count`` generated charter files that copkit renders every handout of, in ``folder``."""
    generate = load_generator()
    activities = load_activities()
    kept: list[Path] = []
    work = folder / "generated"
    for relative in generate(work, count * 2 + 10, seed):
        result = check_file(folder / relative, today=TODAY)
        if result.charter is None:
            continue
        try:
            plan_launch(result.charter, activities)
            plan_retro(result.charter, activities=activities)
        except PlanError:
            continue
        target = folder / "charters" / Path(relative).name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes((folder / relative).read_bytes())
        kept.append(target)
        if len(kept) == count:
            break
    shutil.rmtree(work)
    return kept


def whole_process(args: argparse.Namespace) -> int:
    """``copkit render`` of a few charters as whole processes: PDF (empty cache, then warm) against HTML."""
    copkit = shutil.which("copkit", path=str(Path(sys.executable).parent)) or shutil.which("copkit")
    if copkit is None:
        print("benchmarks/render.py: the copkit command is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="copkit-bench-process-") as name:
        folder = Path(name)
        files = charter_files(args.process_charters, args.seed, folder)
        charters = folder / "charters"
        runs = 0

        def run(fmt: str, cache: str) -> float:
            nonlocal runs
            runs += 1
            out = folder / f"out-{runs}"
            env = {**CHILD_ENV, "XDG_CACHE_HOME": str(folder / cache if cache == "warm" else folder / f"cache-{runs}")}
            program = [copkit]
            if cache == "against":
                program, env["PYTHONPATH"] = [sys.executable, "-m", "copkit"], str(args.against.resolve())
            command = [
                *program,
                "render",
                str(charters),
                "--format",
                fmt,
                "--out",
                str(out),
                "--date",
                MEETING_DATE.isoformat(),
            ]
            begin = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=folder)
            seconds = time.perf_counter() - begin
            if done.returncode != 0:
                raise RenderError(f"{' '.join(command)} failed: {done.stderr.strip()[:500]}")
            shutil.rmtree(out)
            return seconds

        kinds = {"HTML": ("html", "cold"), "PDF, empty cache": ("pdf", "cold"), "PDF, warm cache": ("pdf", "warm")}
        if args.against is not None:
            kinds[f"PDF by {args.against.name}"] = ("pdf", "against")
        for fmt, cache in kinds.values():  # warm-up round, discarded (it also fills the warm cache)
            run(fmt, cache)
        times: dict[str, list[float]] = {label: [] for label in kinds}
        print(f"\nTiming whole processes: {args.process_rounds} rounds, round-robin ...", file=sys.stderr)
        for _ in range(args.process_rounds):
            for label, (fmt, cache) in kinds.items():
                times[label].append(run(fmt, cache))
        medians = {label: statistics.median(values) for label, values in times.items()}
        handouts = len(files) * len(HANDOUTS)
        print(
            f"\nWhole process: copkit render of {len(files)} charters ({handouts} handouts), "
            f"median of {args.process_rounds} rounds; {os.cpu_count()} CPUs"
        )
        for label, seconds in medians.items():
            print(f"  {label:<20}{seconds:>8.3f} s{seconds / medians['HTML']:>8.2f}x HTML")
        ratio = medians["PDF, empty cache"] / medians["HTML"]
        print(f"  target: PDF <= 3x HTML on two cores: {'PASS' if ratio <= 3 else 'MISS'} ({ratio:.2f}x, empty cache)")
        if args.against is not None:
            before = medians[f"PDF by {args.against.name}"]
            print(f"  PDF, empty cache / PDF by {args.against.name}: {medians['PDF, empty cache'] / before:.2f}x")
        print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


def measure(args: argparse.Namespace, charters: list, skipped: list[tuple[str, str]], pdf_charters: int) -> int:
    n = len(charters)
    handouts = n * len(HANDOUTS)
    languages = collections.Counter(charter.language for charter in charters)
    activities = load_activities()

    print(
        f"copkit render benchmark: {n} charters (seed {args.seed}; "
        + ", ".join(f"{count} {lang}" for lang, count in sorted(languages.items()))
        + f") x {len(HANDOUTS)} handouts = {handouts} handouts, each in its charter's language, in one process"
    )
    print(
        f"  Python {platform.python_version()}, copkit {package_version('copkit')}, Jinja2 {package_version('jinja2')}, "
        f"Babel {package_version('babel')}, WeasyPrint {package_version('weasyprint')}; {platform.machine()}"
    )
    if skipped:
        print(
            f"  left out {len(skipped)} generated charters that copkit check accepts but render() refuses, "
            f"e.g. {skipped[0][0]}: {skipped[0][1]}"
        )

    # Cold: the very first handout pays for the Jinja environment, the template compile and Babel's locale data.
    begin = time.perf_counter()
    render(charters[0], "onepager", "html", lang=charters[0].language, meeting_date=MEETING_DATE, activities=activities)
    cold = time.perf_counter() - begin

    # Contexts for the baseline, built before any timing: only the template work is timed.
    baseline_jobs: list[tuple[str, Job]] = []
    html_jobs: list[tuple[str, Job]] = []
    default_jobs: list[tuple[str, Job]] = []
    pdf_jobs: list[tuple[str, Job]] = []
    for index, charter in enumerate(charters):
        lang = charter.language
        for handout in HANDOUTS:
            context = context_of(charter, handout, lang, MEETING_DATE, activities)
            template = f"{handout}.html.j2"

            def bare(context=context, template=template, lang=lang) -> int:
                return len(environment("html", lang, None).get_template(template).render(context))

            def html(charter=charter, handout=handout, lang=lang) -> int:
                return len(
                    render(
                        charter, handout, "html", lang=lang, meeting_date=MEETING_DATE, activities=activities
                    ).content
                )

            def default(charter=charter, handout=handout, lang=lang) -> int:
                return len(render(charter, handout, "html", lang=lang, meeting_date=MEETING_DATE).content)

            def pdf(charter=charter, handout=handout, lang=lang) -> int:
                return len(
                    render(charter, handout, "pdf", lang=lang, meeting_date=MEETING_DATE, activities=activities).content
                )

            baseline_jobs.append((handout, bare))
            html_jobs.append((handout, html))
            default_jobs.append((handout, default))
            if index < pdf_charters:
                pdf_jobs.append((handout, pdf))

    # Same bytes? The baseline must do the very template work render() does, or the ratio means nothing.
    sample = charters[0]
    for handout in HANDOUTS:
        bare_text = (
            environment("html", sample.language, None)
            .get_template(f"{handout}.html.j2")
            .render(context_of(sample, handout, sample.language, MEETING_DATE, activities))
        )
        rendered = render(
            sample, handout, "html", lang=sample.language, meeting_date=MEETING_DATE, activities=activities
        )
        if bare_text.encode("utf-8") != rendered.content:
            print(f"  warning: the baseline's {handout} differs from render()'s: the ratio is not like for like")

    rows: list[tuple[str, float, dict[str, float], int, str]] = []  # label, seconds, by kind, handouts timed, note
    print(f"\nTiming HTML: {args.rounds} rounds of {handouts} handouts each after a warm-up round ...", file=sys.stderr)
    for label, jobs in (
        ("baseline: bare Jinja template render", baseline_jobs),
        ("render() -> HTML, activities given (CLI)", html_jobs),
        ("render() -> HTML, activities=None", default_jobs),
    ):
        total, kinds = timed_rounds(jobs, args.rounds)
        rows.append((label, total, kinds, len(jobs), f"median of {args.rounds} rounds"))

    pdf_note = ""
    if not args.no_pdf:
        print(f"Timing PDF: {len(pdf_jobs)} handouts, one round ...", file=sys.stderr)
        copkit.pdf.cache_folder = lambda: None  # every PDF laid out, and the user's cache left alone
        run_jobs(pdf_jobs[: len(HANDOUTS)])  # warm WeasyPrint's fonts and caches on one charter, untimed
        total, kinds = run_jobs(pdf_jobs)
        if pdf_charters < n:
            scale = n / pdf_charters
            pdf_note = f"EXTRAPOLATED x{scale:.1f} from {pdf_charters} timed charters ({len(pdf_jobs)} handouts, {total:.1f} s)"
            total, kinds = total * scale, {kind: seconds * scale for kind, seconds in kinds.items()}
        else:
            pdf_note = f"all {n} charters timed, one round"
        rows.append(("render() -> PDF (WeasyPrint), activities given", total, kinds, handouts, pdf_note))

    base_total, base_kinds = rows[0][1], rows[0][2]
    per_kind = n  # every kind of handout is rendered once per charter
    print(f"\nFirst handout of the process (cold: environment, template compile, locale data): {cold * 1000:.1f} ms")
    print(f"\nAll {handouts} handouts (warm)")
    print(f"  {'':<48}{'seconds':>10}{'ms/handout':>12}{'x baseline':>12}  how measured")
    for label, total, _kinds, _count, note in rows:
        print(f"  {label:<48}{total:>10.3f}{total / handouts * 1000:>12.3f}{total / base_total:>12.1f}  {note}")

    print(f"\nBy kind of handout: ms per handout ({per_kind} of each), x baseline in brackets")
    print(f"  {'':<48}" + "".join(f"{kind:>20}" for kind in HANDOUTS))
    for label, _total, kinds, _count, _note in rows:
        cells = [f"{kinds[kind] / per_kind * 1000:.3f} ({kinds[kind] / base_kinds[kind]:.1f}x)" for kind in HANDOUTS]
        print(f"  {label:<48}" + "".join(f"{cell:>20}" for cell in cells))

    html_total, default_total = rows[1][1], rows[2][1]
    print("\nReading")
    print(
        f"  copkit's own overhead on HTML (render() minus bare Jinja): "
        f"{(html_total - base_total) / handouts * 1000:.3f} ms per handout, "
        f"{(html_total - base_total) / html_total:.0%} of render()'s time"
    )
    print(
        f"  calling render() without activities= costs {(default_total - html_total) / handouts * 1000:.3f} ms more per "
        f"handout on average ({default_total / html_total:.1f}x): the built-in activity library is read once per "
        "process either way"
    )
    if pdf_note:
        pdf_total = rows[3][1]
        print(
            f"  PDF: {pdf_total / handouts * 1000:.0f} ms per handout, {pdf_total / html_total:.0f}x the HTML; "
            f"WeasyPrint is {(pdf_total - html_total) / pdf_total:.1%} of it ({pdf_note})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
