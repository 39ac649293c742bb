"""The Japanese edition's conventions as a check: docs/glossary.ja.md's terms, no 私たち/あなた, few spaced joins.

The glossary is the one home of the terms: its table's last column lists, in ~~strikethrough~~, the spellings not to
use, and this module reads them from there. Text in ~~…~~ is never checked (it is how a page shows what not to write).
A source is read by its kind: Markdown (fenced code, link targets and HTML comments left out), a notebook (markdown
cells, and the string literals and comments of code cells), or a catalogue of messages (the `ja` texts of
messages.json or an exercises messages.yaml).
"""

from __future__ import annotations

import ast
import io
import itertools
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "docs" / "glossary.ja.md"
MAX_SPACED_SHARE = 0.05

JAPANESE = "\u3005\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff"  # kanji, hiragana, katakana, 々 and ー
LATIN = "A-Za-z0-9"
_JOIN = re.compile(rf"(?=([{LATIN}]( *)[{JAPANESE}]|[{JAPANESE}]( *)[{LATIN}]))")
_STRUCK = re.compile(r"~~.*?~~", re.S)
_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_PLACEHOLDER = re.compile(r"\{[\w.!:]*\}")
UNSPACED_PLACEHOLDER = "x"  # what inline code and {placeholders} count as: a Latin word, so their spacing counts too


@dataclass(frozen=True)
class Term:
    """One glossary row: the term to write and the spellings that must not stand for its concept."""

    term: str
    banned: tuple[str, ...]


@dataclass(frozen=True)
class Piece:
    """A stretch of reader-facing Japanese text and where it comes from (file, and line, cell or key)."""

    where: str
    text: str


def glossary(path: Path = GLOSSARY) -> list[Term]:
    """The rows of the glossary's table under `## 用語`: first column the term, last column the ~~banned~~ spellings."""
    section = path.read_text(encoding="utf-8").split("\n## 用語\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [
        Term(cells[0].strip(), tuple(re.findall(r"~~(.+?)~~", cells[-1])))
        for cells in rows[1:]  # the header row; the |---| row does not start with "| "
    ]


def _numbered(where: str, text: str) -> list[Piece]:
    """One piece per non-empty line, named `where:line`."""
    return [Piece(f"{where}:{number}", line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def _markdown(text: str) -> str:
    """Reader-facing text of Markdown, line numbers kept: code blocks and comments blanked, link targets dropped."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    text = _COMMENT.sub(blank, _FENCE.sub(blank, text))
    return _INLINE_CODE.sub(UNSPACED_PLACEHOLDER, _LINK_TARGET.sub("]", text))


def _literal_text(node: ast.expr) -> str:
    """A string constant's text; an f-string's text with each interpolated value counted as a word."""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _literal_text(part) if isinstance(part, ast.Constant) else UNSPACED_PLACEHOLDER for part in node.values
        )
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _code_text(source: str) -> str:
    """The string literals (f-strings whole) and comments of a code cell, one per line."""
    tree = ast.parse(source)
    inner = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in ast.walk(node)}
    found = [
        _literal_text(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant | ast.JoinedStr) and (isinstance(node, ast.JoinedStr) or id(node) not in inner)
    ]
    found += [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    return "\n".join(text for text in found if text)


def _catalogue(path: Path) -> list[Piece]:
    """The Japanese texts of a message catalogue, each named by its key."""
    entries = json.loads(path.read_text("utf-8")) if path.suffix == ".json" else yaml.safe_load(path.read_text("utf-8"))
    return [
        Piece(f"{path.name}:{key}", _PLACEHOLDER.sub(UNSPACED_PLACEHOLDER, line))
        for key, texts in entries.items()
        for line in str(texts["ja"]).splitlines()
    ]


def pieces(path: Path) -> list[Piece]:
    """The Japanese a reader reads in `path`: a Markdown page, a notebook or a message catalogue."""
    name = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name
    if path.suffix == ".md":
        return _numbered(name, _markdown(path.read_text(encoding="utf-8")))
    if path.suffix in {".json", ".yaml", ".yml"}:
        return _catalogue(path)
    if path.suffix == ".ipynb":
        found: list[Piece] = []
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"], 1):
            source = "".join(cell["source"])
            try:
                text = _markdown(source) if cell["cell_type"] == "markdown" else _code_text(source)
            except SyntaxError as error:
                raise ValueError(f"{name} cell {number}, line {error.lineno}: not Python ({error.msg})") from None
            found += _numbered(f"{name} cell {number}", text)
        return found
    raise ValueError(f"{path}: no reader for {path.suffix!r} files (Markdown, notebooks, message catalogues)")


def joins(text: str) -> tuple[list[str], int]:
    """The Latin/digit–Japanese joins written with a space, and the number of all such joins (~~struck~~ text aside)."""
    found = [match.group(1) for match in _JOIN.finditer(_STRUCK.sub("", text))]
    return [join for join in found if " " in join], len(found)


_BLOCK_START = re.compile(r"^\s*([-*+] |\d+\. |\||#|>)")
_JAPANESE_SIDE = re.compile(f"[{JAPANESE}、。「」]")


def soft_breaks(text: str) -> list[int]:
    """Lines of Markdown that go on from the line above inside one paragraph or list item, next to Japanese.

    A browser shows such a break as a space (「10\n例」 reads 「10 例」): a Japanese page keeps a paragraph on one line.
    Code blocks, comments, tables and headings are not paragraphs; a line ending in two spaces breaks on purpose.
    """
    lines = _markdown(text).split("\n")
    found = []
    for number, (above, line) in enumerate(itertools.pairwise(lines), 2):
        if not above.strip() or not line.strip() or _BLOCK_START.match(line) or above.endswith("  "):
            continue
        if re.match(r"^\s*(#|\|)", above):
            continue
        if _JAPANESE_SIDE.match(above.rstrip()[-1]) or _JAPANESE_SIDE.match(line.strip()[0]):
            found.append(number)
    return found


def banned_spellings(text: str, terms: list[Term]) -> list[tuple[str, Term]]:
    """The banned spellings in `text` (~~struck~~ text aside), each with the term to write instead.

    The glossary's terms are taken out first, longest first: 損益分岐点 is a term, though it holds the banned 分岐点.
    """
    text = _STRUCK.sub("", text)
    for allowed in sorted((term.term for term in terms), key=len, reverse=True):
        text = text.replace(allowed, "\0")
    return [(banned, term) for term in terms for banned in term.banned if banned in text]


def problems(found: list[Piece], terms: list[Term]) -> list[str]:
    """Every breach of the conventions in `found`, each with its place; empty when the text keeps them."""
    report: list[str] = []
    spaced: list[str] = []
    total = 0
    for piece in found:
        text = piece.text
        if not re.search(f"[{JAPANESE}]", text):
            continue  # an English line (a bilingual page, an English title quoted whole) is not Japanese prose
        if re.search(r"私たち|あなた", _STRUCK.sub("", text)):
            report.append(f"{piece.where}: 私たち/あなた — address the reader implicitly or with 本チュートリアル")
        report += [
            f"{piece.where}: {banned!r} — write {term.term!r} (docs/glossary.ja.md)"
            for banned, term in banned_spellings(text, terms)
            if banned not in {"私たち", "あなた"}
        ]
        these, count = joins(text)
        spaced += [f"{piece.where}: spaced join {join!r}" for join in these]
        total += count
    if total and len(spaced) / total > MAX_SPACED_SHARE:
        report += [f"{len(spaced)} of {total} Latin/digit–Japanese joins are spaced (at most 5% may be)", *spaced]
    return report
