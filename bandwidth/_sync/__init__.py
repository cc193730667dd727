"""The synchronous client's I/O: the transport (its own pool over ``http.client`` to the API host; requests
and urllib3, loaded on first need, for sessions, proxies and downloads), the services that send what
:mod:`bandwidth._core.endpoints` describes, and the paginator."""
