"""``bandwidth.version.__version__``, where the original ``bandwidth-sdk`` kept its version string."""

from ._version import __version__

__all__ = ["__version__"]
