"""An IVR on Catapult callbacks: answer, speak a menu, gather one digit, then act on it.

    1  transfer the caller to sales
    2  play a recorded message, then hang up
    anything else (or nothing)  say goodbye and hang up

Run it against the API (or the emulator) with your account in the environment::

    BANDWIDTH_USER_ID=u-... BANDWIDTH_API_TOKEN=t-... BANDWIDTH_API_SECRET=s-... \\
    IVR_SALES_NUMBER=+19195550100 IVR_MESSAGE_URL=https://example.com/message.mp3 \\
    python examples/ivr.py --port 8000

and set the application's incoming-call URL to ``http://<user>:<password>@<your host>:8000/`` when
``IVR_CALLBACK_USER``/``IVR_CALLBACK_PASSWORD`` are set (the router then refuses callbacks without them).
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
from wsgiref.simple_server import WSGIServer, make_server

from bandwidth import Client
from bandwidth.callbacks import (
    AnswerEvent,
    CallbackRouter,
    GatherEvent,
    IncomingCallEvent,
    PlaybackEvent,
    SpeakEvent,
)

MENU = "Thanks for calling. Press 1 for sales, or 2 to hear our opening hours."
GOODBYE = "Goodbye."

logger = logging.getLogger("ivr")


def build_ivr(
    client: Client,
    *,
    sales_number: str,
    message_url: str,
    username: str | None = None,
    password: str | None = None,
) -> CallbackRouter:
    """The IVR as a callback router: a WSGI application that drives each call through the menu."""
    router = CallbackRouter(client, username=username, password=password)
    menus_started: set[str] = set()
    lock = threading.Lock()

    def start_menu(call_id: str, event: AnswerEvent | IncomingCallEvent) -> None:
        with lock:  # an auto-answered call may report both incomingcall and answer: one menu per call
            if call_id in menus_started:
                return
            menus_started.add(call_id)
        event.call.gather(
            max_digits=1, inter_digit_timeout=10, prompt={"sentence": MENU}, tag="menu", fetch=False
        )

    @router.on(IncomingCallEvent)
    def incoming(event: IncomingCallEvent) -> None:
        logger.info("incoming call %s from %s", event.call_id, event.from_)
        if event.call_state == "started":
            event.call.answer()  # the answer event starts the menu
        else:
            start_menu(event.call_id, event)

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> None:
        start_menu(event.call_id, event)

    @router.on(GatherEvent)
    def chosen(event: GatherEvent) -> None:
        logger.info("call %s chose %r (%s)", event.call_id, event.digits, event.reason)
        if event.digits == "1":
            event.call.transfer(
                sales_number, whisper_audio={"sentence": "A caller from the menu"}, fetch=False
            )
        elif event.digits == "2":
            event.call.play_file(message_url, tag="message")
        else:
            event.call.speak(GOODBYE, tag="goodbye")

    @router.on(PlaybackEvent, SpeakEvent)
    def finished(event: PlaybackEvent | SpeakEvent) -> None:
        if event.status == "done" and event.tag in ("message", "goodbye"):
            event.call.hangup()

    return router


def serve(router: CallbackRouter, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """A real WSGI server (the standard library's) for the IVR; call ``serve_forever()`` on it."""
    return make_server(host, port, router)


def main() -> None:
    parser = argparse.ArgumentParser(description="An IVR on Catapult callbacks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--api-endpoint", default=os.environ.get("BANDWIDTH_API_ENDPOINT"))
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    endpoint = {"api_endpoint": arguments.api_endpoint} if arguments.api_endpoint else {}
    client = Client(
        os.environ["BANDWIDTH_USER_ID"],
        os.environ["BANDWIDTH_API_TOKEN"],
        os.environ["BANDWIDTH_API_SECRET"],
        **endpoint,
    )
    router = build_ivr(
        client,
        sales_number=os.environ["IVR_SALES_NUMBER"],
        message_url=os.environ["IVR_MESSAGE_URL"],
        username=os.environ.get("IVR_CALLBACK_USER"),
        password=os.environ.get("IVR_CALLBACK_PASSWORD"),
    )
    server = serve(router, arguments.host, arguments.port)
    logger.info("IVR listening on http://%s:%s/", arguments.host, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
