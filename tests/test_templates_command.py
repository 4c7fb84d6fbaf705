"""``copkit templates DIR``: a copy of the built-in templates, templates only, never over a user's file.

It must work where copkit is installed as a package (pipx), so the package folder is simulated
with what an installed one holds besides templates: ``__init__.py`` and ``__pycache__``.
"""

from __future__ import annotations

import pytest

from copkit.cli import app
from copkit.cli import templates as command
from copkit.paths import builtin_templates

DUTCH = "communities/klantgericht-schrijven/charter.yaml"


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A stand-in for the installed package copkit.templates, with the clutter a real one has."""
    folder = tmp_path / "site-packages" / "copkit" / "templates"
    (folder / "__pycache__").mkdir(parents=True)
    (folder / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"\0")
    (folder / "__init__.py").write_text("")
    (folder / "locale" / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "locale" / "nl" / "LC_MESSAGES" / "copkit.po").write_text("")
    (folder / "onepager.html.j2").write_text("one")
    (folder / "handout.css").write_text("css")
    (folder / "activities.yaml").write_text("activities: []\n")
    monkeypatch.setattr("copkit.paths.builtin_templates", lambda: folder)
    return folder


def test_copies_templates_only(runner, tmp_path, package):
    out = tmp_path / "mine"
    result = runner.invoke(app, ["templates", str(out)])
    assert result.exit_code == 0, result.output
    copied = sorted(path.name for path in out.iterdir() if not path.name.startswith("."))
    assert copied == ["activities.yaml", "handout.css", "onepager.html.j2"]
    assert (out / "onepager.html.j2").read_text() == "one"
    assert f"copkit render CHARTER --templates {out}" in result.output


def test_copies_every_builtin_template(runner, tmp_path):
    out = tmp_path / "mine"
    assert runner.invoke(app, ["templates", str(out)]).exit_code == 0
    names = {path.name for path in out.iterdir() if not path.name.startswith(".")}
    builtin = builtin_templates()
    assert names == set(command.builtin_template_files())
    assert {"onepager.html.j2", "agenda.md.j2", "base.html.j2", "handout.css", "activities.yaml"} <= names
    assert "__init__.py" not in names and "__pycache__" not in names and "locale" not in names
    for name in names:
        assert (out / name).read_bytes() == (builtin / name).read_bytes()


def test_never_over_a_file_of_yours_without_force(runner, tmp_path, package):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "handout.css").write_text("my own style")
    result = runner.invoke(app, ["templates", str(out)])
    assert result.exit_code == 1
    assert "handout.css exists and was not written by copkit: use --force to replace it" in result.output
    assert "no templates copied" in result.output
    assert sorted(path.name for path in out.iterdir()) == ["handout.css"], "whole or nothing"
    assert (out / "handout.css").read_text() == "my own style"

    forced = runner.invoke(app, ["templates", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (out / "handout.css").read_text() == "css"


def test_an_edited_copy_is_kept_when_copied_again(runner, tmp_path, package):
    out = tmp_path / "mine"
    assert runner.invoke(app, ["templates", str(out)]).exit_code == 0
    (out / "onepager.html.j2").write_text("changed")
    again = runner.invoke(app, ["templates", str(out)])
    assert again.exit_code == 1
    assert "onepager.html.j2 was edited since copkit wrote it" in again.output
    assert (out / "onepager.html.j2").read_text() == "changed"


def test_a_file_where_the_folder_goes_is_a_usage_error(runner, tmp_path):
    (tmp_path / "taken").write_text("")
    result = runner.invoke(app, ["templates", str(tmp_path / "taken")])
    assert result.exit_code == 2
    assert "is not a folder" in result.output
    assert "Traceback" not in result.output


def test_the_copy_renders_with_render_templates(runner, tmp_path, examples):
    mine = tmp_path / "mine"
    assert runner.invoke(app, ["templates", str(mine)]).exit_code == 0
    (mine / "onepager.md.j2").write_text("# My own one-pager\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["render", str(examples / DUTCH), "--handout", "onepager", "--format", "md", "--templates", str(mine)]
        + ["--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert (out / "klantgericht-schrijven-onepager.md").read_text(encoding="utf-8") == "# My own one-pager\n"
