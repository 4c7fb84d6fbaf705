"""Where does one-file ``copkit check`` spend its time? A per-step breakdown of whole processes.

Run it as ``python benchmarks/startup.py [--rounds 21]`` from the dev environment (``pip install -e
.[bench]``). It writes one charter (the first the ``check`` benchmark generates) and runs, round-robin
after one discarded warm-up round:

- ``copkit check FILE``, the console script pre-commit and editors run, as is;
- the same run under a small driver that time-stamps each start-up step in the child (imports through
  a meta path finder, a few functions wrapped, collections through ``gc.callbacks``), and the parent
  stamps the spawn and the end of the process on the same monotonic clock;
- ``python -c pass`` (the interpreter's floor), ``yamllint -d relaxed FILE`` and ``check-jsonschema``
  against the schema ``copkit schema`` prints (the issue's yardsticks).

Each step's time is exclusive (an import nested in another counts for its own step; a module no step
names counts for the one importing it), and each figure is the median of its rounds. It prints the
medians in milliseconds, the ratios to the yardsticks, and PASS/MISS against the targets (one charter
at most 1.2× yamllint and 0.6× check-jsonschema). The driver's own cost shows as the ratio of the
instrumented total to the plain one. It is a measuring tool, not a test: it always exits 0.

``--tree before=DIR`` measures the copkit in DIR too (first on ``PYTHONPATH``), in the same rounds,
for a before/after comparison: ``git archive BASE copkit | tar -x -C /tmp/base`` and
``python benchmarks/startup.py --tree before=/tmp/base``. The console script is this checkout's.
"""

from __future__ import annotations

import argparse
import ast
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check import CHILD_ENV, CharterWriter, find_tool  # noqa: E402  (the same charters as the check benchmark)

# Steps in the order a run meets them. (step, module prefixes whose import it is); the longest prefix wins.
MODULE_STEPS = (
    ("Typer + Click", ("typer", "click", "shellingham", "rich", "pygments", "markdown_it", "mdurl", "annotated_doc")),
    ("Pydantic", ("pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection")),
    ("Pydantic plugin loader", ("pydantic.plugin._loader",)),
    ("PyYAML", ("yaml", "_yaml")),
    ("model building", ("copkit.model", "copkit.journal")),
    ("copkit modules", ("copkit",)),
)
# Steps that are calls: (step, module, attribute holding the function). Missing ones are passed over.
CALL_STEPS = (
    ("Click tree", "typer.main", "get_command"),
    ("Pydantic plugin loader", "pydantic.plugin._loader", "get_plugins"),
    ("parse", "copkit.checking", "read_document"),
    ("parse", "copkit.checking", "read_stream"),
    ("validate", "copkit.checking", "validate"),
    ("rules", "copkit.rules", "run_checks"),
    ("report", "copkit.report", "text_lines"),
)
ORDER = (
    "interpreter",
    "Typer + Click",
    "Click tree",
    "copkit modules",
    "Pydantic",
    "Pydantic plugin loader",
    "PyYAML",
    "model building",
    "parse",
    "validate",
    "rules",
    "report",
    "garbage collector",
    "other (stdlib, argument parsing, configuration)",
    "teardown (after the report)",
)

# The child: stamps steps on a stack (time goes to the step on top), writes them as JSON once the
# report is out, then runs the console script's own lines. It imports nothing the interpreter has not.
# (An older copkit's __main__ runs the command line when imported: that measures the same.)
DRIVER = r"""
import time
_clock = time.perf_counter
_begun = _clock()
import gc, os, sys
_totals = {}
_stack = [["other (stdlib, argument parsing, configuration)", _begun]]

def _enter(step):
    now = _clock()
    top = _stack[-1]
    _totals[top[0]] = _totals.get(top[0], 0.0) + now - top[1]
    _stack.append([step, now])

def _leave():
    now = _clock()
    step, since = _stack.pop()
    _totals[step] = _totals.get(step, 0.0) + now - since
    _stack[-1][1] = now
    return now

def _dump(end):
    data = repr({"begun": _begun, "end": end, "steps": _totals}).encode()
    fd = os.open(os.environ["COPKIT_STARTUP_STAMPS"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(fd, data)
    os.close(fd)

_MODULE_STEPS = MODULE_STEPS_HERE
_CALL_STEPS = CALL_STEPS_HERE

def _step_of(name):
    best, length = None, -1
    for step, prefixes in _MODULE_STEPS:
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > length:
                best, length = step, len(prefix)
    return best

def _timed(step, function, last=False):
    def run(*args, **kwargs):
        _enter(step)
        try:
            return function(*args, **kwargs)
        finally:
            end = _leave()
            if last:
                _dump(end)
    return run

def _patch(module):
    for step, name, attribute in _CALL_STEPS:
        if module.__name__ == name and hasattr(module, attribute):
            setattr(module, attribute, _timed(step, getattr(module, attribute)))
    if module.__name__ == "copkit.report":
        formats = getattr(module, "FORMATS", {})
        for key in list(formats):
            formats[key] = _timed("report", formats[key], last=True)

class _Loader:
    def __init__(self, loader, step):
        self._loader, self._step = loader, step
    def __getattr__(self, name):
        return getattr(self._loader, name)
    def create_module(self, spec):
        _enter(self._step)
        try:
            return self._loader.create_module(spec)
        finally:
            _leave()
    def exec_module(self, module):
        _enter(self._step)
        try:
            self._loader.exec_module(module)
        finally:
            _leave()
        _patch(module)

class _Finder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        step = _step_of(name)
        called = any(name == module for _, module, _ in _CALL_STEPS)
        if step is None and not called:
            return None
        for finder in sys.meta_path:
            if finder is cls or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader, step or _stack[-1][0])
                return spec
        return None

def _collecting(phase, info):
    if phase == "start":
        _enter("garbage collector")
    else:
        _leave()

sys.meta_path.insert(0, _Finder)
gc.callbacks.append(_collecting)
sys.argv = ["copkit", *sys.argv[1:]]
from copkit.__main__ import main
sys.exit(main())
"""


def driver() -> str:
    return DRIVER.replace("MODULE_STEPS_HERE", repr(MODULE_STEPS)).replace("CALL_STEPS_HERE", repr(CALL_STEPS))


def plain(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def stamped(python: str, args: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    """One instrumented run: seconds per step, the interpreter's and the teardown's included."""
    stamps = cwd / "stamps.txt"
    stamps.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [python, "-c", driver(), *args],
        cwd=cwd,
        env={**env, "COPKIT_STARTUP_STAMPS": str(stamps)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    end = time.perf_counter()
    data = ast.literal_eval(stamps.read_text(encoding="utf-8"))
    steps: dict[str, float] = dict(data["steps"])
    steps["interpreter"] = data["begun"] - start
    steps["teardown (after the report)"] = end - data["end"]
    steps["total"] = end - start
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="rounds after the warm-up (default 21)")
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="also measure the copkit in DIR (put first on PYTHONPATH), e.g. before=/tmp/base; repeat it",
    )
    args = parser.parse_args()

    python = sys.executable
    script = Path(python).with_name("copkit")
    yamllint, jsonschema = find_tool("yamllint"), find_tool("check-jsonschema")
    # What users run: compiled bytecode kept between runs, buffered output (a developer's shell may say otherwise).
    env = {key: value for key, value in CHILD_ENV.items() if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}
    trees = {label: {**env, "PYTHONPATH": folder} for label, _, folder in (tree.partition("=") for tree in args.tree)}
    trees["this checkout"] = env
    with tempfile.TemporaryDirectory(prefix="copkit-startup-") as tmp:
        work = Path(tmp)
        name, text = CharterWriter(random.Random(1), 0).write()
        (work / name).write_text(text, encoding="utf-8")
        check = ["check", name]
        for label, tree_env in trees.items():
            done = subprocess.run([python, "-m", "copkit", *check], cwd=work, env=tree_env, capture_output=True)
            if done.returncode != 0:
                print(f"{label}: copkit rejects the generated charter (exit {done.returncode})")
                return 0
        schema = subprocess.run([python, "-m", "copkit", "schema"], cwd=work, env=env, capture_output=True, text=True)
        (work / "schema.json").write_text(schema.stdout, encoding="utf-8")
        console = [str(script), *check] if script.is_file() else [python, "-m", "copkit", *check]
        yardsticks = {"python -c pass": [python, "-c", "pass"]}
        if yamllint:
            yardsticks["yamllint"] = [yamllint, "-d", "relaxed", name]
        if jsonschema and schema.returncode == 0:
            yardsticks["check-jsonschema"] = [jsonschema, "--schemafile", "schema.json", name]
        runs: dict[str, list[float]] = {label: [] for label in [*trees, *yardsticks]}
        steps: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
        for round_ in range(args.rounds + 1):
            figures = {label: plain(console, tree_env, work) for label, tree_env in trees.items()}
            figures |= {label: plain(argv, env, work) for label, argv in yardsticks.items()}
            breakdowns = {label: stamped(python, check, tree_env, work) for label, tree_env in trees.items()}
            if round_:  # the first round warms the caches (and writes the bytecode) and is thrown away
                for label, seconds in figures.items():
                    runs[label].append(seconds)
                for label, breakdown in breakdowns.items():
                    steps[label].append(breakdown)

    def median(values: list[float]) -> float:
        return statistics.median(values) * 1000

    columns = "".join(f"{label:>16}" for label in trees)
    print(f"one charter, `copkit check FILE`, {args.rounds} rounds round-robin, medians of whole processes\n")
    print(f"{'per step (instrumented run; exclusive times, ms)':<52}{columns}")
    seen = {step for runs_ in steps.values() for run in runs_ for step in run} - {"total"}
    for step in [*(step for step in ORDER if step in seen), *sorted(seen - set(ORDER))]:
        row = "".join(f"{median([run.get(step, 0.0) for run in steps[label]]):16.1f}" for label in trees)
        print(f"  {step:<50}{row}")
    instrumented = {label: median([run["total"] for run in steps[label]]) for label in trees}
    print(f"  {'total (instrumented)':<50}" + "".join(f"{instrumented[label]:16.1f}" for label in trees))
    print(f"\n{'whole processes (ms)':<52}{columns}")
    print(f"  {'copkit check':<50}" + "".join(f"{median(runs[label]):16.1f}" for label in trees))
    for label in yardsticks:
        print(f"  {label:<50}{median(runs[label]):16.1f}")
    print(f"\n{'ratios':<52}{columns}")
    print(f"  {'instrumented / plain':<50}" + "".join(f"{instrumented[t] / median(runs[t]):16.2f}" for t in trees))
    targets = {"python -c pass": None, "yamllint": 1.2, "check-jsonschema": 0.6}
    for yardstick in yardsticks:
        ratios = [median(runs[label]) / median(runs[yardstick]) for label in trees]
        target = targets[yardstick]
        verdict = "" if target is None else f"   target ≤ {target}×: {'PASS' if ratios[-1] <= target else 'MISS'}"
        print(f"  {'copkit check / ' + yardstick:<50}" + "".join(f"{ratio:15.2f}×" for ratio in ratios) + verdict)
    if len(trees) > 1:
        first = next(iter(trees))
        print(
            f"  {'copkit check / ' + first:<50}"
            + "".join(f"{median(runs[t]) / median(runs[first]):15.2f}×" for t in trees)
        )
    for missing, tool in (("yamllint", yamllint), ("check-jsonschema", jsonschema)):
        if not tool:
            print(f"  {missing} is not installed: pip install -e .[bench]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
