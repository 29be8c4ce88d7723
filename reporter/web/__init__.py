"""The pack's web edition: static, accessible pages for the organisation's website.

    edition = WebEdition(context, performance, performance_charts, poster_files)
    write_web_edition(edition, out / "web")   # index, progress, performance, poster

Laid out with Jinja2 (autoescaped) in the GOV.UK Frontend styles, from the records and
the words the Word pack is written from.
"""

from reporter.web.edition import PAGES, WEB_FOLDER, WebEdition, write_web_edition

__all__ = ["PAGES", "WEB_FOLDER", "WebEdition", "write_web_edition"]
