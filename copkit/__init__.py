"""copkit: charters, checks and handouts for coaches of communities of practice."""

__version__ = "0.1.0"
