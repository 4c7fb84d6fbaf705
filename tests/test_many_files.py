"""Checking many files: each result keeps only what the report needs, so memory per file stays
small however many files a check reads, and the journal still finds the charters it was let go of."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import date
from pathlib import Path

from copkit.checking import check_files
from copkit.diagnostics import Severity

TODAY = date(2026, 11, 24)
ENTRY = (
    "copkit: 1\nkind: retro\ncommunity: {name}\ndate: 2026-11-03\ncriteria:\n  - {{criterion: {criterion}, score: 3}}\n"
)


def charters(folder: Path, text: str, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"{number:04d}.yaml"
        path.write_text(text.replace("name: Testautomatisering", f"name: Community {number}"), encoding="utf-8")
        paths.append(path)
    return paths


def test_results_hold_no_charter_model_and_no_text(tmp_path, contract_example):
    paths = charters(tmp_path / "many", contract_example.replace("  coach: Sara De Smet\n", ""), 3)
    results = check_files(paths, today=TODAY)
    assert [result.charter for result in results] == [None] * 3
    assert [result.text for result in results] == [""] * 3
    assert results[0].lines == {22: "roles:"}  # the line its warning (no coach) points at, for the snippet
    assert [problem.code for problem in results[0].problems] == ["W104"]


def test_memory_kept_per_file_is_small(tmp_path, contract_example):
    """What 200 results hold, less what 20 hold, per extra file: a few hundred bytes, where a charter
    model and its text took over 20 KiB each."""

    def kept(count: int) -> float:
        paths = charters(tmp_path / str(count), contract_example, count)
        gc.collect()
        tracemalloc.start()
        results = check_files(paths, today=TODAY)
        gc.collect()
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert len(results) == count
        return size

    check_files(charters(tmp_path / "warm", contract_example, 2), today=TODAY)  # caches filled once
    assert (kept(200) - kept(20)) / 180 < 2048


def test_an_entry_finds_its_charter_among_many_let_go_of(tmp_path, contract_example):
    paths = charters(tmp_path / "many", contract_example, 50)
    journal = tmp_path / "many" / "journal"
    journal.mkdir()
    (journal / "good.yaml").write_text(ENTRY.format(name="Community 7", criterion="Deelname"), encoding="utf-8")
    (journal / "bad.yaml").write_text(ENTRY.format(name="Community 7", criterion="Deelnam"), encoding="utf-8")
    results = check_files([*paths, journal / "bad.yaml", journal / "good.yaml"], today=TODAY)
    errors = [problem for result in results for problem in result.problems if problem.severity is Severity.ERROR]
    assert [(Path(problem.path).name, problem.code) for problem in errors] == [("bad.yaml", "E028")]
    assert "did you mean 'Deelname'" in errors[0].message


def test_a_charter_changed_before_its_entry_is_linked_is_not_found(tmp_path, contract_example, monkeypatch):
    """Read again for its entry, a charter that no longer holds that community counts as absent
    (E027): never a crash, never a journal of another charter."""
    from copkit import checking

    paths = charters(tmp_path / "many", contract_example, 2)
    entry = tmp_path / "many" / "entry.yaml"
    entry.write_text(ENTRY.format(name="Community 1", criterion="Deelname"), encoding="utf-8")
    original = checking.link_journals

    def link_after_a_change(*args, **kwargs):
        paths[1].write_text(contract_example.replace("name: Testautomatisering", "name: Renamed"), encoding="utf-8")
        paths[0].unlink()  # nor is a charter beside it read: the folder's charters are read again
        return original(*args, **kwargs)

    monkeypatch.setattr(checking, "link_journals", link_after_a_change)
    results = check_files([*paths, entry], today=TODAY)
    assert [problem.code for problem in results[2].problems] == ["E027"]


def test_the_collector_is_as_before_after_a_check(tmp_path, contract_example):
    from copkit.checking import few_collections

    threshold = gc.get_threshold()
    gc.unfreeze()
    with few_collections():
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] >= 10_000
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, threshold)
    gc.freeze()  # frozen before, as copkit's start-up may: left frozen
    try:
        frozen = gc.get_freeze_count()
        check_files(charters(tmp_path / "some", contract_example, 2), today=TODAY)
        assert gc.get_freeze_count() >= frozen and gc.get_threshold() == threshold
    finally:
        gc.unfreeze()


def test_status_holds_no_charter_model_while_it_reads_many(tmp_path, contract_example):
    """Peak memory of ``status`` over 200 charters less over 20, per extra charter: its row and a
    compact result, where every charter model stayed alive until the table (over 20 KiB each)."""
    from copkit.config import Config
    from copkit.portfolio import status

    def peak(count: int) -> float:
        paths = charters(tmp_path / str(count), contract_example, count)
        gc.collect()
        tracemalloc.start()
        rows = status(paths, TODAY, Config())
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(rows) == count
        return size

    status(charters(tmp_path / "warm", contract_example, 2), TODAY, Config())
    assert (peak(200) - peak(20)) / 180 < 4096
