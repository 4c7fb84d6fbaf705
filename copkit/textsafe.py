"""Charter text in copkit's own output stays text: what a value says is shown, never obeyed.

A charter is data from anyone with write access to a repository. Its values reach terminals, CI
logs, Markdown step summaries and JSON read by other programs, and none of those may take a value
for an instruction: an escape sequence that recolours or retitles the terminal, a carriage return
that overwrites the line before it, a right-to-left override that reorders what a reviewer reads,
Markdown or HTML that turns into a link. Every output goes through one of the helpers here:

- :func:`visible` for any text a person reads (terminal, plain text, GitHub annotations);
- :func:`markdown_text` and :func:`markdown_code` for a value inside Markdown (the GitHub step
  summary);
- :func:`json_text` for JSON, which keeps every value exactly but writes the risky characters as
  ``\\uXXXX`` escapes, so the JSON is safe to print too.

A small module without imports beyond the standard library: check and status use it.
"""

from __future__ import annotations

import re

# What a terminal or a renderer may act on: C0 controls but tab, DEL, C1 controls, the Unicode line
# and paragraph separators, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
# Those that json.dumps leaves as they are (it escapes the C0 controls itself).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def visible(text: str) -> str:
    """``text`` with every control character shown as its escape: ESC as ``\\x1b``, a line break as
    ``\\n``, a carriage return as ``\\r``, a right-to-left override as ``\\u202e``. Tabs stay."""
    return _UNSAFE.sub(_shown, text)


# Markdown: every ASCII punctuation character may be backslash-escaped (CommonMark), which keeps
# emphasis, links, autolinks, code spans and table pipes from forming; & < > become entities so no
# HTML forms either.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~])""")


def markdown_text(text: str) -> str:
    """``text`` as literal inline Markdown (GitHub-flavoured, table cells included)."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", visible(text))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span that stays one (in a table cell too): fenced by more
    backticks than it holds in a row, its pipes escaped as GitHub's tables want."""
    shown = visible(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {shown} {fence}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: object) -> str:
    """``data`` as indented JSON with a final newline; non-ASCII text stays readable, and every
    character :func:`visible` would show as an escape is a JSON ``\\u`` escape, so values parse back
    exactly and printing the JSON on a terminal is safe."""
    # Outside strings JSON has only ASCII punctuation, digits, letters and whitespace, so these
    # appear only inside strings, where a \\u escape means the same character.
    import json  # only JSON output needs it: a text report never loads it

    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
