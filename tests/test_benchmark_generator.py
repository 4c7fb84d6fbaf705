"""The charters benchmarks/check.py generates are valid, all of them: the benchmark refuses to time
a run in which copkit rejects one, so one invalid charter in 10,000 stopped ``--files 10000``."""

from __future__ import annotations

import importlib.util
import random
import sys
from datetime import date
from pathlib import Path

from copkit.checking import check_file, is_copkit_file
from copkit.diagnostics import Severity

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "check.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_check", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_ten_thousand_generated_charters_are_all_valid_and_found(tmp_path):
    bench = load_benchmark()
    rng = random.Random(2027)  # the benchmark's default seed
    path = tmp_path / "charter.yaml"
    invalid = []
    for index in range(10_000):
        name, text = bench.CharterWriter(rng, index).write()
        path.write_text(text, encoding="utf-8")
        assert is_copkit_file(path), name  # a folder walk must find every one
        result = check_file(path, today=date(2026, 11, 24))
        if any(problem.severity is Severity.ERROR for problem in result.problems):
            invalid.append((name, [str(problem) for problem in result.problems]))
    assert invalid == []
