"""One Markdown converter for all pages of a build, as python-markdown is meant
to be used (``reset`` between documents), instead of the new converter MkDocs
1.6 builds for each page (``Page.render``): building one costs about a fifth of
converting a fiche (its extensions, patterns and processors set up again).

MkDocs registers its per-page processors (anchors, relative links, title) on
the converter under fixed names, so each page's replace the previous page's.
A new converter is made whenever MkDocs passes other extension settings
(``mkdocs serve`` loads the configuration again at each rebuild).
"""
from __future__ import annotations

import types

import markdown
from mkdocs.structure import pages


class _Module(types.ModuleType):
    """``markdown`` as ``mkdocs.structure.pages`` sees it: the same module, but
    ``Markdown(...)`` gives the shared converter, reset."""

    def __init__(self):
        super().__init__("markdown")
        self._settings = None  # (extensions, extension_configs) of the shared converter, by identity
        self._md = None

    def __getattr__(self, name):
        return getattr(markdown, name)

    def Markdown(self, extensions=(), extension_configs=None, **kwargs):  # noqa: N802 (python-markdown's name)
        settings = self._settings
        if kwargs or settings is None or settings[0] is not extensions or settings[1] is not extension_configs:
            self._md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {}, **kwargs)
            self._settings = None if kwargs else (extensions, extension_configs)
            return self._md
        return self._md.reset()


def install() -> None:
    if not isinstance(pages.markdown, _Module):
        pages.markdown = _Module()
