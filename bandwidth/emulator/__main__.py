"""``python -m bandwidth.emulator``: run the emulator as a standalone server until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from ._emulator import Emulator
from ._limits import Limits


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bandwidth.emulator",
        description="A local emulator of the Bandwidth Catapult v1 voice API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8080, help="port to listen on (default: 8080; 0 picks one)"
    )
    parser.add_argument("--user-id", default="u-emulator", help="the account's user id (default: u-emulator)")
    parser.add_argument(
        "--token", default="t-emulator", help="the API token it accepts (default: t-emulator)"
    )
    parser.add_argument(
        "--secret", default="s-emulator", help="the API secret it accepts (default: s-emulator)"
    )
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        help="keep the clock still until POST /_emulator/advance (default: real time)",
    )
    parser.add_argument("--ring-seconds", type=float, default=1.0, help="ring before the far end answers")
    parser.add_argument("--incoming-call-url", help="application callback URL for incoming calls")
    parser.add_argument("--public-url", help="the emulator's URL as callbacks should name it")
    parser.add_argument(
        "--allow-callback-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a host callbacks may go to besides loopback (repeat it; '*' allows any host)",
    )
    parser.add_argument(
        "--control-token",
        default=os.environ.get("BANDWIDTH_EMULATOR_CONTROL_TOKEN"),
        help="require 'Authorization: Bearer TOKEN' on /_emulator/ requests "
        "(default: $BANDWIDTH_EMULATOR_CONTROL_TOKEN, else none)",
    )
    limits = Limits()
    parser.add_argument(
        "--max-body-bytes", type=int, default=limits.max_body_bytes, help="largest request body"
    )
    parser.add_argument(
        "--max-json-depth", type=int, default=limits.max_json_depth, help="deepest JSON nesting"
    )
    parser.add_argument(
        "--max-connections", type=int, default=limits.max_connections, help="connections served at once"
    )
    parser.add_argument(
        "--connection-timeout",
        type=float,
        default=limits.connection_timeout,
        help="seconds a connection may stay silent",
    )
    parser.add_argument(
        "--callback-workers", type=int, default=limits.callback_workers, help="callback deliveries in flight"
    )
    parser.add_argument(
        "--max-pending-callbacks",
        type=int,
        default=limits.max_pending_callbacks,
        help="callbacks waiting to be sent",
    )
    parser.add_argument(
        "--max-logged-deliveries",
        type=int,
        default=limits.max_logged_deliveries,
        help="delivery attempts kept in the log",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        emulator = _emulator(arguments)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if arguments.verbose else logging.INFO, format="%(message)s")
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    try:
        emulator.start()
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Bandwidth Catapult v1 emulator listening on {emulator.url}", flush=True)
    print(f"  api_endpoint: {emulator.url}")
    print(f"  user id:      {emulator.user_id}")
    print(f"  api token:    {emulator.api_token}")
    print(f"  api secret:   {emulator.api_secret}")
    print(f"  clock:        {'manual (POST /_emulator/advance)' if arguments.manual_clock else 'real time'}")
    print(f"  control API:  {'token required' if arguments.control_token else 'no token'}")
    print("Press Ctrl-C to stop.", flush=True)
    emulator.serve_forever()
    return 0


def _emulator(arguments: argparse.Namespace) -> Emulator:
    return Emulator(
        host=arguments.host,
        port=arguments.port,
        user_id=arguments.user_id,
        api_token=arguments.token,
        api_secret=arguments.secret,
        realtime=not arguments.manual_clock,
        ring_seconds=arguments.ring_seconds,
        incoming_call_url=arguments.incoming_call_url,
        public_url=arguments.public_url,
        allowed_callback_hosts=arguments.allow_callback_host,
        control_token=arguments.control_token,
        max_body_bytes=arguments.max_body_bytes,
        max_json_depth=arguments.max_json_depth,
        max_connections=arguments.max_connections,
        connection_timeout=arguments.connection_timeout,
        callback_workers=arguments.callback_workers,
        max_pending_callbacks=arguments.max_pending_callbacks,
        max_logged_deliveries=arguments.max_logged_deliveries,
    )


if __name__ == "__main__":
    sys.exit(main())
