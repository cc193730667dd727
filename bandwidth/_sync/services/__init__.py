"""The sync services (``client.calls`` ...): each method builds an operation in the core and sends it."""
