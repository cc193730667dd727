"""The dict API of the original ``bandwidth-sdk`` 3.1 (``bandwidth.voice.Client``), on the typed services.

Each method keeps its original name, positional parameters, defaults and ``**kwargs``, and returns what it
returned: dicts with snake_case keys and the values as the API sent them, generators of such dicts for lists,
and new ids for creates. Each is a thin delegation to the service method that implements the endpoint.

One module per resource (``calls``, ``bridges``, ``conferences``, ``recordings``, the ``audio`` helpers),
each a mixin of :class:`LegacyVoiceAPI`; a new resource is one more module and one more base here. What 3.1
accepted becomes typed input in :mod:`.coerce` only (numeric and boolean strings, int DTMF, audio dicts,
extra keywords); answers become 3.1's dicts in :mod:`.answers`.

Fixed on the way (docs/migrating.md lists each, with its reason): ``None`` parameters are left out instead
of sent as ``null``; keys of ``sip_headers`` keep their spelling; ``speak_sentence_to_*`` and
``play_audio_file_to_*`` send proper audio bodies; bad input, and an extra keyword spelled like a named
parameter's field, raise :class:`InvalidParameterError` before any request.
"""

from __future__ import annotations

from .answers import legacy_keys
from .audio import AudioHelpers
from .bridges import BridgesAPI
from .calls import CallsAPI
from .conferences import ConferencesAPI
from .recordings import RecordingsAPI

__all__ = ["LegacyVoiceAPI", "legacy_keys"]


class LegacyVoiceAPI(AudioHelpers, CallsAPI, BridgesAPI, ConferencesAPI, RecordingsAPI):
    """The original SDK's dict-returning methods for calls, bridges, conferences and recordings."""
