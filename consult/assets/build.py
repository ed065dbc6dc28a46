"""Build ``static/dist/<theme>.site.css``: the theme, the component library and our own CSS in one file, with the
component rules no template uses left out, and the theme's design tokens no kept rule reads.

A rule stays when one of its selectors names only classes that occur somewhere in the templates or the
code (any word counts, so a class named in Python stays too), or that start with a prefix a template
completes (``consult-phase--{{ phase.value }}``). Rules without classes (elements, ``:root``) stay.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(r"[A-Za-z0-9_-]+")
PREFIX = re.compile(r"([A-Za-z0-9_-]+-)\{\{")
CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
CUSTOM_PROPERTY = re.compile(r"^\s*(--[A-Za-z0-9_-]+)\s*:", re.MULTILINE)
VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass
class Block:
    head: str  # the selector list or at-rule prelude; "" for a statement such as @charset
    body: str | list[Block]  # declarations, or nested blocks for @media/@supports/@layer
    statement: str = ""


def split_outside(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it is not inside quotes or parentheses (``url(data:…;…)``)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _next(css: str, i: int, chars: str) -> int:
    """The index of the first of ``chars`` at or after ``i`` outside quotes, or -1."""
    quote = ""
    while i < len(css):
        char = css[i]
        if quote:
            quote = "" if char == quote and css[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in chars:
            return i
        i += 1
    return -1


def parse(css: str) -> list[Block]:
    """Top-level rules of a stylesheet without comments; nested for @media, @supports, @layer and @container."""
    css = COMMENT.sub("", css)
    blocks, i = [], 0
    while i < len(css):
        stop = _next(css, i, "{;")
        if stop == -1:
            break
        if css[stop] == ";":
            if css[i:stop].strip().startswith("@"):
                blocks.append(Block("", "", statement=css[i:stop + 1].strip()))
            i = stop + 1
            continue
        depth, j = 1, stop + 1
        while depth:
            j = _next(css, j, "{}")
            if j == -1:
                j = len(css)
                break
            depth += 1 if css[j] == "{" else -1
            j += 1
        head, inner = css[i:stop].strip(), css[stop + 1:j - 1]
        nested = head.startswith(("@media", "@supports", "@layer", "@container"))
        blocks.append(Block(head, parse(inner) if nested else inner))
        i = j
    return blocks


def used_words(folders: list[Path]) -> tuple[set[str], tuple[str, ...]]:
    words, prefixes = set(), set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".py", ".js") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                words.update(WORD.findall(text))
                prefixes.update(PREFIX.findall(text))
    return words, tuple(sorted(prefixes))


def _selector_used(selector: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    return all(name in words or name.startswith(prefixes) for name in CLASS.findall(selector))


def purge(blocks: list[Block], words: set[str], prefixes: tuple[str, ...]) -> list[Block]:
    kept = []
    for block in blocks:
        if block.statement or block.head.startswith(("@font-face", "@keyframes", "@-webkit-keyframes", "@page")):
            kept.append(block)
        elif isinstance(block.body, list):
            inner = purge(block.body, words, prefixes)
            if inner:
                kept.append(Block(block.head, inner))
        else:
            selectors = [s.strip() for s in split_outside(block.head, ",") if _selector_used(s, words, prefixes)]
            if selectors:
                kept.append(Block(",\n".join(selectors), block.body))
    return kept


def render(blocks: list[Block]) -> str:
    out = []
    for block in blocks:
        if block.statement:
            if not block.statement.startswith("@charset"):
                out.append(block.statement)
        elif isinstance(block.body, list):
            out.append(f"{block.head} {{\n{render(block.body)}\n}}")
        else:
            out.append(f"{block.head} {{{block.body}}}")
    return "\n".join(out)


def _tokens_in(blocks: list[Block]) -> str:
    return "".join(_tokens_in(b.body) if isinstance(b.body, list) else b.body for b in blocks)


def keep_read_tokens(theme: list[Block], read_by: str) -> list[Block]:
    """The theme's custom properties that the kept CSS reads, directly or through other properties."""
    declarations = {}
    for block in theme:
        if isinstance(block.body, str):
            for declaration in split_outside(block.body, ";"):
                match = CUSTOM_PROPERTY.match(declaration)
                if match:
                    declarations.setdefault(match.group(1), []).append(declaration)
    needed, todo = set(), set(VAR.findall(read_by))
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        for declaration in declarations.get(name, []):
            todo.update(VAR.findall(declaration))
    kept = []
    for block in theme:
        if isinstance(block.body, list) or block.statement:
            kept.append(block)
            continue
        parts = [d for d in split_outside(block.body, ";") if d.strip()
                 and (not CUSTOM_PROPERTY.match(d) or CUSTOM_PROPERTY.match(d).group(1) in needed)]
        if parts:
            kept.append(Block(block.head, ";".join(parts) + ";"))
    return kept


def build_css(static: Path, theme: str | tuple[str, ...], sources: list[Path], target: Path) -> Path:
    """Write ``target`` (under ``static``) and its gzip twin; return ``target``. ``theme`` may be several
    token files (the installation's, then an organisation's own): later tokens win, as on the page."""
    themes = (theme,) if isinstance(theme, str) else theme
    words, prefixes = used_words(sources)
    components = purge(parse((static / "vendor/utrecht-components.css").read_text(encoding="utf-8")), words, prefixes)
    own = parse((static / "css/consult.css").read_text(encoding="utf-8"))
    kept = render(components) + "\n" + render(own)
    tokens = keep_read_tokens([block for name in themes for block in parse((static / name).read_text(encoding="utf-8"))], kept)
    css = "@charset \"UTF-8\";\n" + render(tokens) + "\n" + kept + "\n"
    target.parent.mkdir(exist_ok=True)
    target.write_text(css, encoding="utf-8")
    target.with_name(target.name + ".gz").write_bytes(gzip.compress(css.encode(), 9, mtime=0))
    return target
