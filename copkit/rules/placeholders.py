"""The draft's placeholders, defined once: ``copkit init --no-input`` writes them, W116 finds them
left in a charter, ``copkit status`` counts a placeholder person as a vacant role and ``copkit site``
never publishes one.

The texts are marked for the gettext catalogue here; their translations are read straight from the
catalogue's ``.po`` files (a few lines of parsing), so that ``copkit check`` stays free of Babel.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from copkit.choices import LANGUAGES, ROLES, Role
from copkit.messages import translations_of

if TYPE_CHECKING:  # the model pulls in pydantic; the rule itself only reads a valid charter
    from copkit.model import Charter


def _(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated where it is written."""
    return message


# A person's name in the draft, per role.
PERSON_NAMES: dict[Role, str] = {
    "sponsor": _("Name of the sponsor"),
    "leader": _("Name of the leader"),
    "coach": _("Name of the coach"),
    "coordinator": _("Name of the coordinator"),
}
# A person's e-mail address in the draft: a valid address on a domain reserved for examples.
EMAIL = _("name@example.org")
# A link in the draft: the start of a link, to be completed.
URL = "https://…"

MESSAGES = (*PERSON_NAMES.values(), EMAIL)


def _po_strings(lang: str) -> dict[str, str]:
    """The translations of :data:`MESSAGES` in ``lang``'s catalogue (entries without a context)."""
    return translations_of(lang, MESSAGES)


@functools.cache
def placeholder_texts() -> frozenset[str]:
    """Every placeholder in every language, casefolded."""
    texts = {*MESSAGES, URL}
    for lang in LANGUAGES:
        if lang != "en":
            texts.update(_po_strings(lang).values())
    return frozenset(text.casefold() for text in texts)


def is_placeholder(text: object) -> bool:
    """Whether ``text`` is a placeholder of the draft, in any language, whatever its case."""
    return isinstance(text, str) and " ".join(text.split()).casefold() in placeholder_texts()


def placeholders_in(charter: Charter) -> list[tuple[tuple[str | int, ...], str]]:
    """Where ``charter`` still holds the draft's text: a model path and the text, in file order."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for role in ROLES:
        for index, person in enumerate(getattr(charter.roles, role)):
            for key in ("name", "email"):
                if is_placeholder(getattr(person, key)):
                    found.append((("roles", role, index, key), getattr(person, key)))
    for index, tool in enumerate(charter.tooling):
        if is_placeholder(tool.url):
            found.append((("tooling", index, "url"), str(tool.url)))
    return found


def without_placeholders(charter: Charter) -> Charter:
    """``charter`` as it may be shown in public: placeholder people left out (their role is vacant),
    placeholder addresses and links dropped."""
    roles: dict[str, Any] = {}
    for role in ROLES:
        people = [person for person in getattr(charter.roles, role) if not is_placeholder(person.name)]
        roles[role] = [
            person.model_copy(update={"email": None}) if is_placeholder(person.email) else person for person in people
        ]
    tooling = [tool.model_copy(update={"url": None}) if is_placeholder(tool.url) else tool for tool in charter.tooling]
    return charter.model_copy(update={"roles": charter.roles.model_copy(update=roles), "tooling": tooling})
