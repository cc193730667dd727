"""The async services (``client.calls`` ... of an :class:`~bandwidth.AsyncClient`): each method builds an
operation or a flow in the core and awaits the async transport's sending of it, as the sync services do."""
