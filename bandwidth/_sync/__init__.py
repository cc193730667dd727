"""The synchronous client's I/O: the requests/urllib3 transport, the services that send what
:mod:`bandwidth._core.endpoints` describes, and the paginator."""
