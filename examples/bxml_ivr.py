"""An IVR in BXML: each callback is answered with the next document, and the API runs the call.

    1  transfer the caller to sales
    2  leave a voicemail (recorded until # or silence, then transcribed)
    nothing (or another key)  goodbye, and hang up

No API credentials are needed: with BXML the API asks the application what to do next. Serve it, then set
your number's application to its URL, with callback method GET and auto-answer on::

    IVR_SALES_NUMBER=+19195550100 IVR_PUBLIC_URL=https://ivr.example.com \\
    python examples/bxml_ivr.py --port 8000

With ``IVR_CALLBACK_USER``/``IVR_CALLBACK_PASSWORD`` set, the router refuses callbacks without them, and the
application URL and every ``requestUrl`` in the documents carry them (``https://user:password@host/``).
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit
from wsgiref.simple_server import WSGIServer, make_server

from bandwidth.bxml import Gather, Hangup, Record, Response, SpeakSentence, Transfer
from bandwidth.callbacks import (
    AnswerEvent,
    CallbackEvent,
    CallbackRouter,
    GatherEvent,
    RecordingEvent,
    TranscriptionEvent,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

MENU = "Thanks for calling. Press 1 for sales, or 2 to leave us a message."
CONNECTING = "A caller from the menu, connecting you now."
VOICEMAIL = "Please leave your message after the tone, and press pound when you are done."
THANKS = "Thank you, we will call you back."
GOODBYE = "Goodbye."

logger = logging.getLogger("bxml_ivr")


def say(sentence: str) -> SpeakSentence:
    return SpeakSentence(sentence, voice="susan")


def build_bxml_ivr(
    *, base_url: str, sales_number: str, username: str | None = None, password: str | None = None
) -> CallbackRouter:
    """The IVR as a callback router (a WSGI application) whose handlers answer with BXML documents.

    ``base_url`` is where the API reaches the router (with its credentials, if any): the documents' request
    URLs are built on it. The router ignores paths; they only make the delivery log readable.
    """
    router = CallbackRouter(username=username, password=password)
    base = base_url.rstrip("/")

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> Response:
        logger.info("call %s from %s: the menu", event.call_id, event.from_)
        # No key within 10 s: the Gather fails and the verbs after it run. A key sends the gather event
        # and those verbs start too, until the answer to the event replaces them (so answer at once).
        return Response(
            Gather(say(MENU), request_url=f"{base}/menu", max_digits=1, inter_digit_timeout=10, tag="menu"),
            say(GOODBYE),
            Hangup(),
        )

    @router.on(GatherEvent)
    def chosen(event: GatherEvent) -> Response:
        logger.info("call %s chose %r", event.call_id, event.digits)
        if event.digits == "1":
            transfer = Transfer(say(CONNECTING), transfer_to=sales_number, request_url=f"{base}/transferred")
            return Response(transfer)
        if event.digits == "2":
            return Response(
                say(VOICEMAIL),
                Record(
                    request_url=f"{base}/voicemail",
                    terminating_digits="#",
                    max_duration=120,
                    transcribe=True,
                    transcribe_callback_url=f"{base}/transcribed",
                ),
                say(THANKS),
                Hangup(),
            )
        return Response(say(GOODBYE), Hangup())

    @router.on(RecordingEvent)
    def recorded(event: RecordingEvent) -> None:
        logger.info("voicemail %s of call %s: %s", event.recording_id, event.call_id, event.status)

    @router.on(TranscriptionEvent)
    def transcribed(event: TranscriptionEvent) -> None:
        logger.info("voicemail %s says: %s", event.recording_id, event.text)

    @router.on("transferComplete")
    def transferred(event: CallbackEvent) -> None:
        logger.info("a transfer ended: %s", event.model_extra)

    return router


def with_credentials(url: str, username: str | None, password: str | None) -> str:
    """``url`` with ``username:password@`` in it (both percent-encoded), or as it is without them."""
    if username is None or password is None:
        return url
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    userinfo = f"{quote(username, safe='')}:{quote(password, safe='')}"
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}"))


def _starting(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    start_response("503 Service Unavailable", [("Content-Length", "0")])
    return [b""]


def serve(
    *,
    sales_number: str,
    host: str = "127.0.0.1",
    port: int = 0,
    public_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> WSGIServer:
    """The IVR on the standard library's WSGI server (call ``serve_forever()`` on it).

    Its documents point back at ``public_url``, by default the address it listens on (port 0: a free one).
    """
    server = make_server(host, port, _starting)
    url = public_url or f"http://{host}:{server.server_port}"
    base_url = with_credentials(url, username, password)
    server.set_app(
        build_bxml_ivr(base_url=base_url, sales_number=sales_number, username=username, password=password)
    )
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="An IVR in BXML")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    server = serve(
        sales_number=os.environ["IVR_SALES_NUMBER"],
        host=arguments.host,
        port=arguments.port,
        public_url=os.environ.get("IVR_PUBLIC_URL"),
        username=os.environ.get("IVR_CALLBACK_USER"),
        password=os.environ.get("IVR_CALLBACK_PASSWORD"),
    )
    logger.info("BXML IVR listening on http://%s:%s/", arguments.host, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
