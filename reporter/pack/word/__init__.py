"""The Word helpers the pack's writers share, on python-docx's public API.

Each module does one job and knows nothing of the Board pack:

- ``body``: paragraph prototypes, and copies of prototypes at the end of the body;
- ``text``: runs of cleaned text, keeping paragraphs with the next, centring;
- ``tables``: table prototypes, rows copied from a template, header rows that repeat,
  rows kept on one page, shading, widths, captions;
- ``sections``: A4 pages portrait and landscape, the header mark and the footer with
  page numbers;
- ``pictures``: pictures and their alternative text;
- ``properties``: core properties, the document's language and the styles it holds;
- ``save``: saving whole or not at all.

Where python-docx has no API for a piece of XML (cell shading, repeated header rows,
rows kept together, fields, alternative text, the default language), the helpers
reach the proxies' own elements (``cell._tc``, ``row._tr``, ``table._tbl``,
``paragraph._p``), the route python-docx documents for it; nothing else does.
"""

from reporter.pack.word.body import append_paragraph, paragraph_prototype
from reporter.pack.word.pictures import add_picture, describe, pictures_alt_text, set_alt_text
from reporter.pack.word.properties import (
    default_language,
    missing_styles,
    set_created,
    set_language,
    set_properties,
)
from reporter.pack.word.save import save_atomic
from reporter.pack.word.sections import (
    add_field,
    clear_body,
    field_codes,
    right_tab,
    set_a4,
    text_width,
    write_footer,
    write_header_mark,
)
from reporter.pack.word.tables import (
    PLACEHOLDER,
    RowTemplate,
    append_copy,
    cell_fill,
    centre_vertically,
    is_header_row,
    is_kept_together,
    keep_row_together,
    mark_header_row,
    merge_across,
    merge_down,
    set_column_widths,
    set_row_widths,
    set_table_caption,
    shade_cell,
    table_look,
    table_prototype,
)
from reporter.pack.word.text import (
    add_text,
    centre,
    contrast_text_colour,
    keep_cells_with_next,
    keep_with_next,
)

__all__ = [
    "PLACEHOLDER",
    "RowTemplate",
    "add_field",
    "add_picture",
    "add_text",
    "append_copy",
    "append_paragraph",
    "cell_fill",
    "centre",
    "centre_vertically",
    "clear_body",
    "contrast_text_colour",
    "default_language",
    "describe",
    "field_codes",
    "is_header_row",
    "is_kept_together",
    "keep_cells_with_next",
    "keep_row_together",
    "keep_with_next",
    "mark_header_row",
    "merge_across",
    "merge_down",
    "missing_styles",
    "paragraph_prototype",
    "pictures_alt_text",
    "right_tab",
    "save_atomic",
    "set_a4",
    "set_alt_text",
    "set_column_widths",
    "set_created",
    "set_language",
    "set_properties",
    "set_row_widths",
    "set_table_caption",
    "shade_cell",
    "table_look",
    "table_prototype",
    "text_width",
    "write_footer",
    "write_header_mark",
]
