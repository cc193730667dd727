"""The SDK's core: what to send and what an answer means. No I/O here: no sockets, no HTTP library.

The layers, top to bottom::

    Client                        _client.py: typed services + the dict facade (_legacy/), one transport
      ├── client.calls ...        _sync/services/: thin; build an operation, send it, compose two-step flows
      ├── model methods           models/: call.hangup() delegates to the sync service
      └── dict facade             _legacy/: the 3.1 methods by resource, reading the raw answer of the same
                                  operation; _legacy/coerce.py turns what 3.1 accepted into typed input
    _core/endpoints/<resource>    checks parameters -> Operation(Request, parse) or Listing (one per endpoint)
    _sync/transport.py            sends a Request: to the API host on its own pool (_sync/connection.py,
                                  http.client), else on the adapter's road (_sync/adapter.py: requests and
                                  urllib3, loaded on first need); reads the body (cap, deadline)
    _sync/retrying.py, failures.py  urllib3's Retry deciding as core.retry says; what a library error means
    _sync/deadline.py             each attempt read within one deadline (connect, headers, body)
    _async/transport.py           httpx (only here, loaded on first use): the same, async; one anyio deadline
                                  per attempt, retries in its own loop asking retry.Attempts
    _async/pagination.py          AsyncPaginator: the same Walk, awaited
    _core (this package)          http (Request, Response), exchange (before and after the I/O), errors,
                                  failures (SDK errors for failures), body (decoding within the cap), retry,
                                  links, paging, validation, config

How one request travels, ``client.calls.get("c-1")``:

1. ``_sync/services/calls.py`` calls ``_core.endpoints.calls.get("c-1")``: the id is checked and an
   :class:`~bandwidth._core.operation.Operation` comes back: ``Request("GET", ("calls", "c-1"))`` and a
   parser.
2. ``Transport.perform`` sends it: the path segments are percent-encoded under the account's URL
   (``http.account_url``), ``exchange.prepare`` adds the query, headers and body, the SDK's own pool
   sends it (``_sync/connection.py``), retrying as ``retry`` decides, and the body is read.
3. ``exchange.answered`` raises an error status as its exception (``errors.status_error``); a 2xx answer
   goes to the parser, which returns a ``Call`` bound to the transport (the *binding*, opaque here), so
   ``call.hangup()`` works.

Lists return a :class:`~bandwidth._core.operation.Listing`; a paginator (sync or async) walks it with
:class:`~bandwidth._core.paging.Walk`, which asks ``links.next_page`` which page comes next. Both
transports share everything here: ``exchange`` before and after the I/O, ``body``, ``failures``,
``retry``, and ``config.TransportBase``; only the I/O differs.
"""
