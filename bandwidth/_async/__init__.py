"""The asynchronous client's I/O: the httpx transport and the async paginator.

Everything else is :mod:`bandwidth._core`'s, shared with the sync client: what to send, when to retry and
how long to wait, what an answer or a failure means, the walk from page to page. httpx is imported only when
an :class:`~bandwidth._async.transport.AsyncTransport` is made (``pip install 'bandwidth[async]'``), so
``import bandwidth`` never loads it.
"""
