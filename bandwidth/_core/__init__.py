"""The SDK's core: what to send and what an answer means, with no I/O (no sockets, no HTTP library)."""
