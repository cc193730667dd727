"""Benchmarks of the SDK's hot paths against a loopback server: ``python -m bench``.

See docs/benchmarks.md.
"""
