"""Word files (.docx) to sections, with mammoth: headings, numbered and nested lists, tables,
footnotes, links and tracked insertions come over as semantic HTML; what cannot is named.

A .docx is a zip of XML parts that mammoth reads whole into memory, so the zip's own directory is
checked first: a few kilobytes may unpack to gigabytes. Word text is plain text to mammoth, so
'<naam gemeente>' and '*x*' stay as typed. What mammoth leaves out without a word (comments, equations,
charts, embedded objects) is counted in the raw XML; pictures are named by their alt text.
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

import mammoth
import mammoth.images

from consult.documents.importer import ImportedText, ImportLimits, ImportRefused, Omission, read_html

# A paragraph element in any namespace prefix; counted in the raw XML before mammoth builds a tree.
PARAGRAPH_TAG = re.compile(rb"<(?:[\w.-]+:)?p[\s/>]")
MAIN_PART = "word/document.xml"
# The document's title is typed in the form; its paragraph is marked here and named in the report.
TITLE_CLASS = "consult-word-title"
# Word's built-in names (mammoth matches them in any case) and the Dutch names of templates that
# define their own; the nested levels of the 'List Number 2'/'List Bullet 2' styles are nested lists.
STYLE_MAP = "\n".join([
    f"p[style-name='Title'] => h1.{TITLE_CLASS}:fresh",
    f"p[style-name='Titel'] => h1.{TITLE_CLASS}:fresh",
    "p[style-name='Subtitle'] => p:fresh",
    "p[style-name='Ondertitel'] => p:fresh",
    *(f"p[style-name='Kop {n}'] => h{n}:fresh" for n in range(1, 7)),
    "p[style-name='Quote'] => blockquote > p:fresh",
    "p[style-name='Citaat'] => blockquote > p:fresh",
    "p[style-name='Intense Quote'] => blockquote > p:fresh",
    "p[style-name='List Number 2'] => ol > li > ol > li:fresh",
    "p[style-name='List Number 3'] => ol > li > ol > li > ol > li:fresh",
    "p[style-name='List Bullet 2'] => ul > li > ul > li:fresh",
    "p[style-name='List Bullet 3'] => ul > li > ul > li > ul > li:fresh",
    "p[style-name='Body Text'] => p:fresh",
    "p[style-name='Plattetekst'] => p:fresh",
    "p[style-name='Caption'] => p:fresh",
    "p[style-name='No Spacing'] => p:fresh",
    "p[style-name='footnote text'] => p:fresh",
    "p[style-name='endnote text'] => p:fresh",
])
# Parts of the main XML that mammoth skips in silence, with the report's kind for each.
SILENT_LOSSES = [
    ("comment", re.compile(rb"<w:commentReference\b")),
    ("equation", re.compile(rb"<m:oMath\b")),
    ("chart", re.compile(rb"<c:chart\b")),
    ("chart", re.compile(rb"<dgm:relIds\b")),
    ("embedded_object", re.compile(rb"<w:object\b")),
]
TRACKED_CHANGES = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
UNRECOGNISED_ELEMENT = re.compile(r"^An unrecognised element was ignored: (.+)$")
UNRECOGNISED_PARAGRAPH_STYLE = re.compile(r"^Unrecognised paragraph style: (.+?) \(Style ID: .*\)$")
# Of the styles mammoth does not know, those whose loss changes the structure: a heading by another name.
STRUCTURE_STYLE = re.compile(r"heading|kop|title|titel", re.IGNORECASE)


class UnreadableDocument(ImportRefused):
    def __init__(self, detail: str = ""):
        super().__init__("unreadable_docx", {"detail": detail})


def read_docx(data: bytes, limits: ImportLimits | None = None) -> ImportedText:
    """Sections of a Word file and what was left out of them.

    Tracked changes are accepted (inserted text kept, deleted text gone) and said so in the report.
    Raises ``UnreadableDocument`` for anything mammoth cannot read (a damaged or truncated zip, broken
    XML), and ``ImportRefused`` (too_large_unpacked, too_many_paragraphs, too_long, too_many_sections,
    heading_too_long) when the file is beyond ``limits``; the first two before the expensive reading.
    """
    limits = limits or ImportLimits()
    main = _check_package(data, limits)
    try:
        # A picture becomes an <img> with only its alt text; sectioning.py takes it out and names it.
        # No files outside the .docx are read (a linked picture could name any path on the server), and
        # a style map the file brings along is ignored: ours decides what becomes a heading.
        result = mammoth.convert_to_html(BytesIO(data), style_map=STYLE_MAP, include_embedded_style_map=False,
                                         external_file_access=False,
                                         convert_image=mammoth.images.img_element(lambda image: {}))
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001  mammoth, zipfile and its XML parser fail in many ways on damaged files
        raise UnreadableDocument(f"{type(error).__name__}: {error}") from error
    html = result.value
    if len(re.sub(r"<[^>]*>", "", html)) > limits.max_characters:
        raise ImportRefused("too_long", {"limit": limits.max_characters})
    html, titles = _take_titles(html)
    imported = read_html(html, limits)
    omissions = [Omission("title", title) for title in titles]
    omissions += imported.omissions  # pictures, with their alt text
    omissions += _silent_losses(main)
    omissions += _reported_losses(result.messages)
    if TRACKED_CHANGES.search(main):
        omissions.append(Omission("tracked_changes"))
    return ImportedText(imported.sections, omissions)


def _take_titles(html: str) -> tuple[str, list[str]]:
    titles = []

    def take(match) -> str:
        titles.append(" ".join(re.sub(r"<[^>]*>", "", match.group(1)).split()))
        return ""

    return re.sub(rf'<h1 class="{TITLE_CLASS}">(.*?)</h1>', take, html, flags=re.S), [t for t in titles if t]


def _silent_losses(main: bytes) -> list[Omission]:
    counts: dict[str, int] = {}
    for kind, pattern in SILENT_LOSSES:
        found = len(pattern.findall(main))
        if found:
            counts[kind] = counts.get(kind, 0) + found
    return [Omission(kind, count=count) for kind, count in counts.items()]


def _reported_losses(messages) -> list[Omission]:
    """mammoth's own warnings about what it left out: unknown elements, and unknown paragraph styles that
    look like headings (their text is kept as a plain paragraph, so no section starts there); other
    unknown styles only lose their look, and the report does not list them."""
    found: dict[tuple[str, str], int] = {}
    for message in messages:
        if element := UNRECOGNISED_ELEMENT.match(message.message):
            key = ("unsupported", element.group(1))
        elif (style := UNRECOGNISED_PARAGRAPH_STYLE.match(message.message)) and STRUCTURE_STYLE.search(style.group(1)):
            key = ("style", style.group(1))
        else:
            continue
        found[key] = found.get(key, 0) + 1
    return [Omission(kind, detail) for (kind, detail) in found]


def _check_package(data: bytes, limits: ImportLimits) -> bytes:
    """Refuse, from the zip's directory and the raw main part, what would cost too much to read;
    return the main part.

    zipfile stops every part at the size its directory gives, so those sizes can be trusted.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            if unpacked > limits.max_uncompressed_bytes:
                raise ImportRefused("too_large_unpacked", {"limit": limits.max_uncompressed_bytes // (1024 * 1024)})
            main = package.read(MAIN_PART)
    except ImportRefused:
        raise
    except Exception as error:  # noqa: BLE001  a damaged zip raises BadZipFile, zlib.error, EOFError, KeyError…
        raise UnreadableDocument(f"{type(error).__name__}: {error}") from error
    for count, _ in enumerate(PARAGRAPH_TAG.finditer(main), start=1):
        if count > limits.max_paragraphs:
            raise ImportRefused("too_many_paragraphs", {"limit": limits.max_paragraphs})
    return main
