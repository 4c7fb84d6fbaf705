"""The README tells the truth: its snippets run, its charter checks clean, its revisions exist.

Every ```sh block runs with bash through the installed ``copkit`` command, in a fresh folder holding a
copy of ``examples/`` and ``schema/`` and the README's minimal charter as ``charter.yaml``, and must exit
0 (or N, when a line says ``# exits N``). A block marked ``# (needs network)`` (pip, pipx) has only its
``copkit`` commands run. A block of usage lines (``copkit CMD [--option …]``) is not run: its command
must exist and every option it shows must be in that command's ``--help``. Every ```yaml block parses;
the charter passes ``copkit check --strict``; the pre-commit and GitHub Actions snippets name a commit
that is in this repository's history and holds the hook or the action, with inputs the action has.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from copkit.cli import app

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
NETWORK = "# (needs network)"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
COPKIT_BIN = Path(sys.executable).parent  # the environment the tests run in has copkit installed there


def blocks(language: str) -> list[tuple[int, str]]:
    """Every fenced block of ``language`` in the README, with the line its fence opens on."""
    text = README.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, found.start()) + 1, found.group(2))
        for found in FENCE.finditer(text)
        if found.group(1) == language
    ]


def usage_lines(block: str) -> list[str]:
    """A block's usage lines (``copkit CMD [--option …]``, continued on indented lines), or [] if it is a script."""
    lines: list[str] = []
    for line in block.splitlines():
        if line.startswith("copkit "):
            lines.append(line)
        elif line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            return []
    return lines if lines and all("[" in line for line in lines) else []


def is_usage(block: str) -> bool:
    return bool(usage_lines(block))


def shell_cases() -> list:
    return [pytest.param(block, id=f"README.md:{line}") for line, block in blocks("sh") if not is_usage(block)]


def usage_cases() -> list:
    return [pytest.param(block, id=f"README.md:{line}") for line, block in blocks("sh") if is_usage(block)]


def copkit_commands(block: str) -> list[str]:
    """The ``copkit …`` commands of a block that needs the network, one per line or ``&&`` part."""
    commands = []
    for line in block.splitlines():
        for part in line.split("#", 1)[0].split("&&"):
            if part.strip().startswith("copkit "):
                commands.append(part.strip())
    return commands


@pytest.fixture
def workdir(tmp_path, charter_text):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    (tmp_path / "charter.yaml").write_text(charter_text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def charter_text() -> str:
    (charter,) = [block for _, block in blocks("yaml") if re.match(r"copkit: 1\nname: ", block)]
    return charter


def run_shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{COPKIT_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("block", shell_cases())
def test_shell_snippet_runs(block, workdir):
    if NETWORK in block:
        script = "\n".join(copkit_commands(block))
    else:
        assert not re.search(r"\bpipx? install\b", block), f"an install needs the network: mark it {NETWORK!r}"
        script = block
    if not script:
        pytest.skip("only commands that need the network")
    expected = re.search(r"# exits (\d+)", block)
    done = run_shell(script, workdir)
    assert done.returncode == (int(expected.group(1)) if expected else 0), done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_every_install_is_marked_as_needing_the_network():
    for line, block in blocks("sh"):
        for text in block.splitlines():
            if re.search(r"\bpipx? install\b", text):
                assert NETWORK in text, f"README.md:{line}: {text.strip()!r} needs the network: mark it {NETWORK!r}"


def test_the_readme_installs_from_the_repository_not_from_pypi():
    text = README.read_text(encoding="utf-8")
    assert "pipx install ." in text
    assert not re.search(r"pip install copkit\b(?!`)", text.replace("`pip install copkit` finds nothing", ""))
    assert "import copkit.paths" not in text, "copying templates goes through copkit templates (works under pipx)"


@pytest.mark.parametrize("block", usage_cases())
def test_usage_lines_show_real_commands_and_options(block, runner):
    for line in usage_lines(block):
        name = line.split()[1]
        shown = runner.invoke(app, [name, "--help"], terminal_width=200)
        assert shown.exit_code == 0, f"copkit {name} is not a command:\n{shown.output}"
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line):
            assert option in shown.output, f"copkit {name} has no {option}"


def test_the_minimal_charter_checks_clean(runner, tmp_path, charter_text, today):
    review = re.search(r"^review_date: (\S+)", charter_text, re.MULTILINE)
    assert review, "the minimal charter has a review date"
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(charter), "--strict", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_every_yaml_snippet_parses():
    for line, block in blocks("yaml"):
        try:
            yaml.safe_load(block)
        except yaml.YAMLError as error:
            pytest.fail(f"README.md:{line}: {error}")


# --- revisions: pre-commit and GitHub Actions -----------------------------------------------------


def git(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture(scope="module")
def history():
    """Skip where the history cannot answer: not a git checkout, no git, or a shallow clone."""
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone: older commits are not here")


def assert_in_history_with(rev: str, path: str) -> None:
    assert re.fullmatch(r"[0-9a-f]{40}", rev), f"{rev!r} is not a full commit hash"
    assert git("cat-file", "-e", f"{rev}^{{commit}}").returncode == 0, f"{rev} is not a commit of this repository"
    assert git("merge-base", "--is-ancestor", rev, "HEAD").returncode == 0, f"{rev} is not in the history of HEAD"
    assert git("cat-file", "-e", f"{rev}:{path}").returncode == 0, f"{rev} has no {path}"


def parsed(kind: str) -> list:
    return [yaml.safe_load(block) for _, block in blocks("yaml") if kind in block]


def test_pre_commit_rev_is_a_commit_with_the_hook(history):
    (config,) = [data for data in parsed("repos:") if isinstance(data, dict)]
    (entry,) = config["repos"]
    assert_in_history_with(str(entry["rev"]), ".pre-commit-hooks.yaml")
    hooks = yaml.safe_load(git("show", f"{entry['rev']}:.pre-commit-hooks.yaml").stdout)
    assert {hook["id"] for hook in entry["hooks"]} <= {hook["id"] for hook in hooks}


def action_steps() -> list[dict]:
    steps = [step for data in parsed("steps:") for step in data["steps"]]
    return [step for step in steps if re.search(r"/copkit@", str(step.get("uses", "")) + str(step.get("run", "")))]


def test_github_actions_snippets_name_a_commit_with_the_action(history):
    steps = action_steps()
    assert len(steps) >= 3
    for step in steps:
        if "uses" in step:
            rev = step["uses"].split("@", 1)[1]
            assert_in_history_with(rev, "action.yml")
            inputs = yaml.safe_load(git("show", f"{rev}:action.yml").stdout)["inputs"]
            assert set(step.get("with", {})) <= set(inputs), (
                f"the action has no input {set(step['with']) - set(inputs)}"
            )
        else:
            (rev,) = re.findall(r"/copkit@([0-9a-f]+)", step["run"])
            assert_in_history_with(rev, "pyproject.toml")


# --- the action itself ----------------------------------------------------------------------------


def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def run_check_step(workdir: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's check step as the runner runs it: bash -e -o pipefail, its inputs in the environment."""
    (step,) = [step for step in action()["runs"]["steps"] if step.get("name") == "Check charters"]
    defaults = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    values = {**defaults, **inputs}
    env = {
        name: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda found: values[found.group(1)], value)
        for name, value in step["env"].items()
    }
    script = "".join(f"export {name}={shlex.quote(value)}\n" for name, value in env.items()) + step["run"]
    return run_shell(script, workdir)


def test_action_installs_from_its_own_checkout_and_puts_copkit_on_the_path():
    install = next(step for step in action()["runs"]["steps"] if step.get("name") == "Install copkit")["run"]
    assert '"$GITHUB_ACTION_PATH"' in install
    assert "$GITHUB_PATH" in install


def test_action_check_step_reports_in_the_format_asked(workdir):
    clean = run_check_step(workdir, paths="charter.yaml", args="--strict")
    assert clean.returncode == 0, clean.stderr
    (workdir / "charter.yaml").write_text("copkit: 1\nname: Broken\n", encoding="utf-8")
    broken = run_check_step(workdir, paths="charter.yaml examples")
    assert broken.returncode == 1
    assert "::error file=charter.yaml" in broken.stdout
    sarif = run_check_step(workdir, paths="charter.yaml", format="sarif", output="copkit.sarif")
    assert sarif.returncode == 1
    assert '"version": "2.1.0"' in (workdir / "copkit.sarif").read_text(encoding="utf-8")
