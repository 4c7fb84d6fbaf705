"""copkit: charters, checks and handouts for coaches of communities of practice.

For use as a library: ``copkit.read_charter(path)`` returns the validated charter
(:class:`copkit.model.Charter`) or raises :class:`copkit.errors.CopkitError` with every problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "read_charter"]

if TYPE_CHECKING:
    from copkit.checking import read_charter


def __getattr__(name: str) -> Any:
    """``read_charter`` is imported on first use, so ``import copkit`` stays as light as the CLI needs."""
    if name == "read_charter":
        from copkit.checking import read_charter

        return read_charter
    raise AttributeError(f"module 'copkit' has no attribute {name!r}")
