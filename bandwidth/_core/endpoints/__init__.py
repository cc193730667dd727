"""One module per resource: for each endpoint, a function that checks its parameters and returns an
:class:`~bandwidth._core.operation.Operation` (or a :class:`~bandwidth._core.operation.Listing`).

Validation, body and query building, and answer parsing exist only here; the sync (and later async)
services send what these functions describe.
"""
