"""Compatibility with ``from bandwidth import voice`` / ``bandwidth.voice.Client`` of the original SDK."""

from .._client import Client
from .._exceptions import BandwidthVoiceAPIException

__all__ = ["BandwidthVoiceAPIException", "Client"]
