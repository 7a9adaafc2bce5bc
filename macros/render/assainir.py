"""Policy for raw HTML in contributors' Markdown: sanitised, never trusted.

Markdown formatting passes; raw HTML is cut down to an allow-list of
formatting tags by nh3 (a maintained sanitiser). Scripts, styles, frames,
forms, event handlers (``onerror=``…) and ``javascript:`` links are removed,
so nothing a contributor types can run in a reader's browser.
"""
from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "kbd", "abbr", "a", "span", "div",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "details", "summary", "mark", "q", "cite",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
}


#: Built once: nh3.clean would convert the allow-lists again for every page.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean(html: str) -> str:
    return _CLEANER.clean(html)
