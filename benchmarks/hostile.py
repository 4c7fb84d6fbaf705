"""Does hostile input cost `copkit check` more than ordinary input? Targets: at most 2x, twice over.

Run it as ``python benchmarks/hostile.py [--files 1000] [--rounds 5]`` from the dev environment. It
writes three folders of N files each and times whole processes on them, round-robin after one
discarded warm-up round, printing medians and ratios (PASS/MISS against the target):

1. **hostile charters** against N ordinary ones (the generator of benchmarks/check.py), both
   ``copkit check``: what an attacker or a broken export hands copkit at the size of a charter.
   Alias and merge bombs, a string anchored once and used thousands of times, nesting at and past
   the limit, control characters and line breaks in one-line fields, markup, YAML tags PyYAML's
   constructors choke on, foreign encodings, syntax noise and binary junk. Target: at most 2x.
2. **oversized files** (a 1 MB text, a list of 15,000 items): reading a file a thousand times a
   charter's size costs time in any tool, so ``copkit check`` is held against the parse floor on the
   same files, one Python process loading each with PyYAML's libyaml loader. Target: at most 2x.

A measuring tool, not a test: it exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 2.0
CHILD_ENV = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
CHILD_ENV["NO_COLOR"] = "1"


def ordinary_generator() -> Callable[[Path, int, int], list[str]]:
    """``generate(folder, count, seed)`` from benchmarks/check.py, imported by path."""
    spec = importlib.util.spec_from_file_location("copkit_benchmark_check", HERE / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]


def _bombs(rng: random.Random) -> bytes:
    levels = rng.randint(6, 10)
    lines = ["x-a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for level in range(1, levels):
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"x-{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return ("name: bomb\n" + "\n".join(lines) + "\n").encode()


def _anchored_string(rng: random.Random) -> bytes:
    big = "x" * rng.randint(100_000, 500_000)
    uses = "\n".join("  - *s" for _ in range(rng.randint(500, 2000)))
    return f"name: &s {big}\nambitions:\n{uses}\n".encode()


def _deep(rng: random.Random) -> bytes:
    depth = rng.choice([60, 64, 65, 200])
    return ("name: deep\nx-deep: " + "[" * depth + "]" * depth + "\n").encode()


HOSTILE_VALUES = ["\x1b[31mred\x1b[0m", "two\nlines", "nul\x00?", "[/]", "<script>x</script>", "{hint}", "a,b;c\\d"]


def _hostile_fields(ordinary: str, rng: random.Random) -> bytes:
    value = rng.choice(HOSTILE_VALUES)
    quoted = '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    return ordinary.replace("\nname: ", f"\nname: {quoted}\nx-was-name: ", 1).encode("utf-8")


def oversized(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return ("name: huge\npurpose:\n  statement: " + "word " * 200_000 + "\n").encode()
    return ("name: long\nambitions:\n" + "".join(f"  - ambition {i}\n" for i in range(15_000))).encode()


def _merge_bomb(rng: random.Random) -> bytes:
    levels = rng.randint(5, 9)
    lines = ["l0: &l0 {x: 1}"] + [f"l{i}: &l{i} {{<<: [{', '.join([f'*l{i - 1}'] * 9)}]}}" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def _tags(rng: random.Random) -> bytes:
    return rng.choice([b'name: !!int ""\n', b'name: !!float ""\n', b'name: !!int "-"\n', b"name: !!binary AAAA\n"])


def _noise(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.3:
        return "name: Ünïcode\n".encode("utf-16-le")
    if kind < 0.6:
        return bytes(rng.randrange(256) for _ in range(rng.randint(10, 5000)))
    return b"name: [unclosed\n" * rng.randint(1, 200)


MAKERS: list[Callable[[random.Random], bytes]] = [_bombs, _merge_bomb, _anchored_string, _deep, _tags, _noise]


def write_hostile(folder: Path, ordinary: list[str], seed: int) -> None:
    rng = random.Random(seed)
    for index, text in enumerate(ordinary):
        maker = rng.choice([*MAKERS, None])
        content = _hostile_fields(text, rng) if maker is None else maker(rng)
        (folder / f"hostile-{index:05}.yaml").write_bytes(content)


def write_oversized(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(count):
        (folder / f"oversized-{index:05}.yaml").write_bytes(oversized(rng))


PARSE_FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    try:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        pass
"""


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    copkit = shutil.which("copkit") or str(Path(sys.executable).with_name("copkit"))
    with tempfile.TemporaryDirectory() as work:
        folders = {name: Path(work, name) for name in ("ordinary", "hostile", "oversized")}
        ordinary_generator()(folders["ordinary"], args.files, 7)  # the generator makes its own folder
        folders["hostile"].mkdir()
        folders["oversized"].mkdir()
        texts = [path.read_text(encoding="utf-8") for path in sorted(folders["ordinary"].glob("*.yaml"))]
        write_hostile(folders["hostile"], texts, 11)
        write_oversized(folders["oversized"], args.files // 10 or 1, 13)  # a tenth as many: each is ~1 MB

        def check(folder: str) -> list[str]:
            return [copkit, "check", "--format", "json", "--today", "2026-06-01", str(folders[folder])]

        commands = {
            "ordinary": check("ordinary"),
            "hostile": check("hostile"),
            "oversized": check("oversized"),
            "oversized, parse floor": [sys.executable, "-c", PARSE_FLOOR, str(folders["oversized"])],
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(args.rounds + 1):
            for name, argv in commands.items():
                seconds = timed(argv)
                if round_number:  # the first round warms caches and is not counted
                    runs[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in runs.items()}
    print(f"median of {args.rounds} rounds, whole processes:")
    for name, seconds in medians.items():
        print(f"  {name:<24} {seconds:8.3f} s")
    for label, numerator, denominator in (
        ("hostile / ordinary charters", "hostile", "ordinary"),
        ("oversized: copkit / parse floor", "oversized", "oversized, parse floor"),
    ):
        ratio = medians[numerator] / medians[denominator]
        print(f"  {label:<32} {ratio:5.2f} (target <= {TARGET}: {'PASS' if ratio <= TARGET else 'MISS'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
