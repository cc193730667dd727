"""Audio files for recordings: short, valid WAV (PCM) or MP3 files of silence."""

from __future__ import annotations

import struct

__all__ = ["mp3_bytes", "wav_bytes"]

SAMPLE_RATE = 8000
MAX_MEDIA_SECONDS = 2.0
"""Recordings are served at most this long, whatever their length, to keep downloads small."""


def wav_bytes(seconds: float) -> bytes:
    """A mono 16-bit 8 kHz PCM WAV file of silence, ``seconds`` long (capped at two seconds)."""
    frames = int(SAMPLE_RATE * min(max(seconds, 0.1), MAX_MEDIA_SECONDS))
    data = bytes(frames * 2)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(data),
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        1,  # mono
        SAMPLE_RATE,
        SAMPLE_RATE * 2,
        2,
        16,
        b"data",
        len(data),
    )
    return header + data


_MP3_FRAME_HEADER = bytes((0xFF, 0xFB, 0x90, 0x64))
"""MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding, joint stereo: frames of 417 bytes, 1152 samples."""
_MP3_FRAME_LENGTH = 417
_MP3_FRAME_SECONDS = 1152 / 44100


def mp3_bytes(seconds: float) -> bytes:
    """An MP3 file of silent frames (all-zero side information and data), ``seconds`` long (capped)."""
    count = max(1, int(min(max(seconds, 0.1), MAX_MEDIA_SECONDS) / _MP3_FRAME_SECONDS))
    frame = _MP3_FRAME_HEADER + bytes(_MP3_FRAME_LENGTH - len(_MP3_FRAME_HEADER))
    return frame * count
