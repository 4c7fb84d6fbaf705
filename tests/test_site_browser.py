"""The site's search box and focus filter, in a real browser.

The index's script is driven as a visitor would: type in the search box (an ``input`` event), press a
focus button (a click). A small script added after the site's own records, after each step, which
cards are shown, whether "no community matches" is, and which button is pressed; headless Chromium's
``--dump-dom`` returns the page with that record once the scripts have run. The site's own script is
not changed or copied, so the test breaks when it does.
"""

from __future__ import annotations

import json
import re

import pytest
from browser import chromium_or_skip, dump_dom

from copkit.cli import app

TODAY = "2026-11-24"
ALL = ["Klantgericht schrijven", "Learning from Incidents", "Wijkgericht werken"]

# Steps: ("type", text) sets the search box and fires input; ("press", focus) clicks that focus button.
DRIVER = """
<script>
(function () {
  var search = document.getElementById("search");
  var steps = %s;
  var record = [];
  function state() {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
    return {
      shown: cards.filter(function (c) { return !c.hidden; })
                  .map(function (c) { return c.querySelector("h2").textContent.trim(); }),
      nothing: !document.getElementById("nothing").hidden,
      tools: !document.getElementById("tools").hidden,
      pressed: Array.prototype.slice.call(document.querySelectorAll("button[aria-pressed=true]"))
                 .map(function (b) { return b.getAttribute("data-focus"); })
    };
  }
  record.push(state());
  steps.forEach(function (step) {
    if (step[0] === "type") {
      search.value = step[1];
      search.dispatchEvent(new Event("input", {bubbles: true}));
    } else {
      document.querySelector('button[data-focus="' + step[1] + '"]').click();
    }
    record.push(state());
  });
  var out = document.createElement("pre");
  out.id = "copkit-test-record";
  out.textContent = JSON.stringify(record);
  document.body.appendChild(out);
}());
</script>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, examples):
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(app, ["site", str(examples), "--out", str(out), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return out


def drive(site, tmp_path, steps):
    chromium = chromium_or_skip()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.count("</body>") == 1
    driven = tmp_path / "index.html"  # beside nothing else: the site's page is self-contained
    driven.write_text(page.replace("</body>", DRIVER % json.dumps(steps) + "</body>"), encoding="utf-8")
    dom = dump_dom(chromium, driven, tmp_path / "profile")
    found = re.search(r'<pre id="copkit-test-record">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the site's script stopped with an error before the test's could run:\n" + dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_every_card_is_shown_and_the_tools_appear_once_the_script_runs(site, tmp_path):
    (start,) = drive(site, tmp_path, [])
    assert start == {"shown": ALL, "nothing": False, "tools": True, "pressed": [""]}


def test_search_narrows_the_cards_by_every_word_in_any_case(site, tmp_path):
    record = drive(
        site,
        tmp_path,
        [
            ["type", "incident"],
            ["type", "LOTTE"],
            ["type", "wijk   teams"],
            ["type", "no such community"],
            ["type", ""],
        ],
    )
    assert [step["shown"] for step in record[1:]] == [
        ["Learning from Incidents"],
        ["Klantgericht schrijven"],  # a contact person
        ["Wijkgericht werken"],  # every word, anywhere in the card
        [],
        ALL,
    ]
    assert [step["nothing"] for step in record[1:]] == [False, False, False, True, False]


def test_focus_buttons_filter_and_combine_with_the_search(site, tmp_path):
    record = drive(
        site,
        tmp_path,
        [
            ["press", "problem-solving"],
            ["type", "schrijven"],
            ["press", "knowledge-sharing"],
            ["press", ""],
            ["type", ""],
        ],
    )
    solving, solving_searched, sharing_searched, all_searched, everything = record[1:]
    assert solving["shown"] == ["Learning from Incidents", "Wijkgericht werken"]
    assert solving["pressed"] == ["problem-solving"]
    assert solving_searched == {"shown": [], "nothing": True, "tools": True, "pressed": ["problem-solving"]}
    assert sharing_searched["shown"] == ["Klantgericht schrijven"]
    assert sharing_searched["pressed"] == ["knowledge-sharing"]
    assert all_searched["shown"] == ["Klantgericht schrijven"]
    assert all_searched["pressed"] == [""]
    assert everything["shown"] == ALL and not everything["nothing"]
