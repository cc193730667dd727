"""An async user program against the AsyncClient, pinned with ``assert_type``: test_typing.py checks it with
mypy --strict (with and without the pydantic plugin) and with pyright; pytest never runs it.

Each ``assert_type`` fails a checker that infers anything else: the services' awaited answers, the async
models and their awaited methods, async paginators and their pages, with no casts anywhere.
"""

from __future__ import annotations

import io
from collections.abc import AsyncGenerator

from typing_extensions import assert_type

from bandwidth import (
    AsyncBridge,
    AsyncCall,
    AsyncClient,
    AsyncGather,
    AsyncPaginator,
    AsyncRecording,
    CallEvent,
    CallState,
    GatherState,
    Page,
    Transcription,
)
from bandwidth.models import AsyncConference, AsyncConferenceMember, ConferenceState, UnknownValue


async def program() -> None:
    async with AsyncClient("u-1", "t-1", "s-1") as client:
        assert_type(client, AsyncClient)
        assert_type(client.with_options(timeout=2), AsyncClient)

        call = await client.calls.create(from_="+19195551212", to="+19195553434")
        assert_type(call, AsyncCall)
        assert_type(call.state, CallState | UnknownValue | None)
        assert_type(await client.calls.get(call), AsyncCall)
        assert_type(client.calls.handle("c-1"), AsyncCall)
        assert_type(await call.refresh(), AsyncCall)
        assert_type(await call.hangup(), None)
        assert_type(await call.speak("Hello"), None)
        assert_type(await call.toggle_recording(), bool | None)
        assert_type(await call.transfer("+19195550000"), AsyncCall)
        assert_type(await client.calls.update(call, state="completed"), str | None)

        calls = client.calls.list(from_="+19195551212", page_size=100, limit=10)
        assert_type(calls, AsyncPaginator[AsyncCall])
        async for listed in calls:
            assert_type(listed, AsyncCall)
        assert_type(calls.pages(), AsyncGenerator[Page[AsyncCall], None])
        async for page in calls.pages():
            assert_type(page, Page[AsyncCall])
        assert_type(await calls.first(), AsyncCall | None)

        gather = await call.gather(max_digits=1)
        assert_type(gather, AsyncGather)
        assert_type(gather.state, GatherState | UnknownValue | None)
        assert_type(await gather.refresh(), AsyncGather)
        assert_type(await gather.stop(), None)

        assert_type(call.events(), AsyncPaginator[CallEvent])
        assert_type(await call.event("ce-1"), CallEvent)
        assert_type(call.recordings(), AsyncPaginator[AsyncRecording])
        assert_type(call.transcriptions(), AsyncPaginator[Transcription])

        bridge = await client.bridges.create(call_ids=[call, "c-2"])
        assert_type(bridge, AsyncBridge)
        assert_type(bridge.calls(), AsyncPaginator[AsyncCall])
        assert_type(await bridge.refresh(), AsyncBridge)

        recording = await client.recordings.get("rec-1")
        assert_type(recording, AsyncRecording)
        assert_type(await recording.download("rec.wav"), int)
        assert_type(await client.recordings.download("rec-1", io.BytesIO()), int)
        assert_type(await recording.transcribe(), Transcription)

        conference = await client.conferences.create(from_="+19195551212")
        assert_type(conference, AsyncConference)
        assert_type(conference.state, ConferenceState | UnknownValue | None)
        member = await conference.add_member(call)
        assert_type(member, AsyncConferenceMember)
        assert_type(conference.members(), AsyncPaginator[AsyncConferenceMember])
        assert_type(member.call, AsyncCall)
        assert_type(await member.mute(), None)
