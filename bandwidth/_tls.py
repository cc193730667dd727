"""What a transport trusts: the TLS context for the API host, built once per transport."""

from __future__ import annotations

import os
import ssl

from ._core.config import environment_ca_bundle

__all__ = ["tls_context"]


def tls_context(verify: bool | str | None) -> ssl.SSLContext:
    """Certificates checked (with the host name) against ``verify``'s CA bundle (a file or a directory),
    else the one the environment names (``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``), else certifi's, as
    requests does; ``verify=False`` checks none. A bundle that cannot be read raises ``OSError`` or
    ``ssl.SSLError``."""
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    import certifi

    bundle = verify if isinstance(verify, str) else environment_ca_bundle() or certifi.where()
    if os.path.isdir(bundle):
        return ssl.create_default_context(capath=bundle)
    return ssl.create_default_context(cafile=bundle)
