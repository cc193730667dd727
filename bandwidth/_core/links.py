"""``Link`` headers and the walk from page to page: which URL comes next, and which ones are refused.

Every paginator asks :func:`next_page`; none follows a link on its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from .http import Response

__all__ = ["next_page", "parse_links", "same_origin"]

_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;,"']+))""", re.IGNORECASE)


def parse_links(header: str) -> dict[str, str]:
    """The ``rel`` -> URL map of a ``Link`` header; takes ``rel="next"``, ``rel='next'`` and ``rel=next``."""
    links: dict[str, str] = {}
    for match in _LINK.finditer(header):
        for rel in _REL.finditer(match.group(2)):
            for name in (rel.group(1) or rel.group(2) or rel.group(3) or "").split():
                links.setdefault(name.lower(), match.group(1).strip())
    return links


def same_origin(url: str, origin: str) -> bool:
    """Whether ``url`` is on ``origin`` (lowercase ``scheme://host[:port]``), so credentials may go to it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() == origin


def next_page(response: Response, origin: str, seen: set[str]) -> str | None:
    """The absolute URL of the page after ``response``, or ``None`` when it links to none.

    A relative ``next`` link is resolved against its page. ``seen`` collects the URLs of the pages read so
    far (this one is added); a link off ``origin``, or back to a page already read, raises
    :class:`~bandwidth.APIResponseValidationError` instead of being followed.
    """
    seen.add(response.url)
    url = response.links().get("next")
    if url is None:
        return None
    url = urljoin(response.url, url)
    if not same_origin(url, origin):
        raise response.invalid(f"refusing to follow a next link off the API host: {url!r}")
    if url in seen:
        raise response.invalid(f"the next link points back to a page already read: {url!r}")
    return url
