"""Links to the publisher: every attachment link absolute, or none at all.

A reader records links as the source writes them; a page saved from a publication site
(FirstAgenda's "/vis/pdf/bilag/…") links relative to that site, and shown on Referat's
own pages such a link is dead. Once the meeting's address is known (the page's own, or
``source`` in manifest.toml), relative links are resolved against it; without one a
relative link is dropped (the attachment's title stays) and the librarian is told.

>>> absolute_link("/vis/pdf/bilag/9f/?x=1", "https://dagsordener.aarhus.dk/vis?id=7")
'https://dagsordener.aarhus.dk/vis/pdf/bilag/9f/?x=1'
>>> absolute_link("/vis/pdf/bilag/9f/", None) is None
True
>>> absolute_link("mailto:borger@aarhus.dk", None) is None
True
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from indexer.model import Meeting

_WEB = ("http", "https")


def is_web_address(url: str | None) -> bool:
    """An absolute http(s) URL with a host.

    >>> is_web_address("https://x.dk/a"), is_web_address("/a"), is_web_address("file:///etc")
    (True, False, False)
    """
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in _WEB and bool(parts.netloc)


def absolute_link(url: str | None, base: str | None) -> str | None:
    """``url`` as an absolute http(s) address (resolved against ``base``), or None."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if is_web_address(url):
        return url
    if urlsplit(url).scheme or not is_web_address(base):
        return None  # another scheme (mailto:, file:) or nothing to resolve against
    resolved = urljoin(base or "", url)
    return resolved if is_web_address(resolved) else None


def resolve_links(meeting: Meeting) -> None:
    """Make the meeting's attachment links absolute against its address, in place."""
    base = meeting.source if is_web_address(meeting.source) else None
    dropped = 0
    for item in meeting.items:
        for attachment in item.attachments:
            resolved = absolute_link(attachment.url, base)
            if attachment.url and resolved is None:
                dropped += 1
            attachment.url = resolved
    if dropped:
        meeting.warn(
            f"{dropped} attachment links are relative to a site the file does not name; "
            "give the meeting's address as `source` in manifest.toml to link them"
        )
