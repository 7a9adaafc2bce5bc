"""A page's Markdown converted in the process that works ahead (macros/avance.py).

In the child, ``convert`` runs MkDocs' own ``Page.render`` on a page made for the
same file, keeps what MkDocs logs meanwhile, and returns everything ``render``
sets on a page. In the parent, ``Page.render`` is wrapped (``install``): a page
that carries such a result (``offer``), made from the very Markdown the parent
has at that point, gets it instead of being converted again, and the messages
are logged again, so a broken link still fails a strict build. Any other page is
converted as usual: the output is the same either way.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from mkdocs.structure import pages

_ATTRIBUTE = "_conversion_anticipee"


@dataclass
class Converted:
    digest: bytes  # of the Markdown converted
    content: str
    toc: object
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]] | None  # links to anchors, by target's source path
    logs: list[tuple[str, int, str]]  # (logger, level, message)


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def convert(config, files, file, markdown: str) -> Converted:
    """In the child: ``markdown`` converted as MkDocs converts ``file``'s page."""
    page = pages.Page(None, file, config)
    page.markdown = markdown
    keep = _Keep()
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [keep], False
    try:
        page.render(config, files)
    finally:
        logger.handlers, logger.propagate = saved
    links = page.links_to_anchors
    return Converted(
        _digest(markdown), page.content, page.toc, page._title_from_render, page.present_anchor_ids,
        None if links is None else {target.src_uri: found for target, found in links.items()}, keep.records,
    )


def offer(page, converted: Converted) -> None:
    """Give ``page`` a result converted ahead; its next ``render`` uses it if it
    was made from the Markdown the page has by then."""
    page.__dict__[_ATTRIBUTE] = converted


def _render(self, config, files) -> None:
    converted = self.__dict__.pop(_ATTRIBUTE, None)
    if converted is None or self.markdown is None or converted.digest != _digest(self.markdown):
        return _original(self, config, files)
    if converted.links is not None:
        links = {files.get_file_from_path(src): found for src, found in converted.links.items()}
        if None in links:  # a target is not among this build's files: convert here
            return _original(self, config, files)
        self.links_to_anchors = links
    self.content = converted.content
    self.toc = converted.toc
    self._title_from_render = converted.title
    self.present_anchor_ids = converted.anchors
    for name, level, message in converted.logs:
        logging.getLogger(name).log(level, message)
    return None


_original = pages.Page.render


def install() -> None:
    if pages.Page.render is not _render:
        pages.Page.render = _render
