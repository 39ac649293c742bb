"""The Japanese edition keeps docs/glossary.ja.md: its terms, no 私たち/あなた, at most 5% spaced Latin–Japanese joins.

Every Japanese source is checked: each notebook under notebooks/ja/ (solutions included), README.ja.md, the notebook
index, every docs/*.ja.md page and the catalogue's Japanese texts; a new Japanese notebook is checked without being
listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from ja_conventions import GLOSSARY, Piece, Term, banned_spellings, glossary, joins, pieces, problems, soft_breaks

from conftest import REPO

SOURCES = sorted(
    {
        *(REPO / "docs").glob("*.ja.md"),
        *(REPO / "notebooks" / "ja").rglob("*.ipynb"),
        REPO / "README.ja.md",
        REPO / "notebooks" / "README.md",  # the notebook index, in both languages
        REPO / "src" / "helpers" / "messages.json",
    }
)
POST_TERMS = (
    "Fine-Tuning",
    "Prompt-Tuning",
    "バランスシフト法",
    "知識の精度",
    "表現の精度",
    "シフト値",
    "精度評価1",
    "精度評価2",
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_japanese_text_keeps_the_conventions(path: Path):
    assert problems(pieces(path), glossary()) == []


@pytest.mark.parametrize("path", [p for p in SOURCES if p.suffix == ".md"], ids=lambda path: path.name)
def test_a_japanese_page_keeps_each_paragraph_on_one_line(path: Path):
    assert soft_breaks(path.read_text(encoding="utf-8")) == [], f"{path.name}: join these lines to the line above"


def test_a_soft_break_next_to_japanese_is_caught():
    page = "# 見出し\n\n記事の10\n例を使います。\n- 項目\n- 次の項目は\n  続きます\n\n| a |\n| b |\nEnglish\nwraps\n"
    assert soft_breaks(page) == [4, 7]
    assert soft_breaks("```\n日本語\n日本語\n```\n改行を  \n入れる\n") == []


def test_the_glossary_has_the_posts_terms_and_one_word_each_for_crossover_and_break_even():
    terms = {term.term: term for term in glossary()}
    assert set(POST_TERMS) <= set(terms)
    assert {"逆転点", "損益分岐点"} <= set(terms)
    assert {"分岐点", "しきい値", "分岐する長さ"} <= set(terms["逆転点"].banned)
    banned = [spelling for term in terms.values() for spelling in term.banned]
    assert len(banned) == len(set(banned)) and not set(banned) & set(terms), "a spelling is both allowed and banned"


def test_the_glossary_is_linked_from_the_workshop_guide_and_the_readme():
    assert "(glossary.ja.md)" in (REPO / "docs" / "workshop.ja.md").read_text(encoding="utf-8")
    assert "(docs/glossary.ja.md)" in (REPO / "README.ja.md").read_text(encoding="utf-8")


TERMS = [Term("逆転点", ("分岐点", "しきい値")), Term("損益分岐点", ("採算ライン",))]


def test_a_spaced_join_is_caught_and_an_unspaced_one_is_not():
    assert joins("10 例を Fine-Tuning の学習データに") == (["0 例", "を F", "g の"], 3)
    assert joins("10例をFine-Tuningの学習データに") == ([], 3)
    assert problems([Piece("a.md:1", "記事の10 例を使います。")], TERMS) == [
        "1 of 2 Latin/digit–Japanese joins are spaced (at most 5% may be)",
        "a.md:1: spaced join '0 例'",
    ]


def test_a_few_spaced_joins_pass_and_struck_text_is_not_checked():
    unspaced = [Piece(f"a.md:{n}", "gpt-4o-miniで10例を1エポック学習させます。") for n in range(7)]  # 21 joins
    assert problems([*unspaced, Piece("a.md:9", "Update to OpenAI の")], TERMS) == []  # 1 of 22
    assert problems([Piece("a.md:1", "~~10 例~~と書かず~~分岐点~~とも書きません。")], TERMS) == []


def test_we_and_you_are_caught():
    assert problems([Piece("a.md:3", "私たちの計算では")], TERMS) == [
        "a.md:3: 私たち/あなた — address the reader implicitly or with 本チュートリアル"
    ]
    assert problems([Piece("a.md:4", "あなたの回答")], []) != []


def test_english_lines_are_not_held_to_the_japanese_terms():
    terms = [Term("Fine-Tuning", ("Fine-tuning",))]
    assert problems([Piece("README.md:3", "Fine-tuning pays off after 575.5 calls.")], terms) == []
    assert problems([Piece("README.md:4", "Fine-tuningの元が取れる")], terms) != []


def test_a_banned_spelling_is_caught_but_not_inside_a_glossary_term():
    assert banned_spellings("分岐点を超えると", TERMS) == [("分岐点", TERMS[0])]
    assert banned_spellings("損益分岐点は575.5回です。逆転点は", TERMS) == []
    assert problems([Piece("n.ipynb cell 2", "しきい値")], TERMS) == [
        "n.ipynb cell 2: 'しきい値' — write '逆転点' (docs/glossary.ja.md)"
    ]


def test_markdown_code_and_link_targets_are_left_out_and_lines_are_numbered(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(
        "# 見出し\n\n```bash\nmake run  # 全ノートブックを実行\n```\n[表](a b.md)と`make lab`で開く\n", "utf-8"
    )
    assert pieces(page) == [Piece("page.md:1", "# 見出し"), Piece("page.md:6", "[表]とxで開く")]


def _code(*lines: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": list(lines), "outputs": [], "execution_count": None}


def _notebook(path: Path, cells: list[dict]) -> Path:
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    return path


def test_a_notebook_gives_its_markdown_and_the_strings_and_comments_of_its_code(tmp_path: Path):
    markdown = {"cell_type": "markdown", "metadata": {}, "source": ["## 私たちの計算\n"]}
    notebook = _notebook(
        tmp_path / "nb.ipynb", [markdown, _code("n = 10  # 10 例\n", 'print(f"{n} 例を読みました")\n')]
    )
    found = pieces(notebook)
    assert [piece.text for piece in found] == ["## 私たちの計算", "x 例を読みました", "# 10 例"]
    assert [piece.where for piece in found] == ["nb.ipynb cell 1:1", "nb.ipynb cell 2:1", "nb.ipynb cell 2:2"]
    # 私たち, the summary and two spaced joins (the f-string's value counts as a word)
    assert len(problems(found, TERMS)) == 1 + 1 + 2


def test_catalogues_give_their_japanese_texts_placeholders_counted_as_words(tmp_path: Path):
    entries = {"a.b": {"en": "10 examples", "ja": "{count} 例です"}, "c": {"en": "x", "ja": "しきい値\n2行目"}}
    for name, dump in (("m.json", json.dumps), ("m.yaml", yaml.safe_dump)):
        (tmp_path / name).write_text(dump(entries, allow_unicode=True) if name.endswith("yaml") else dump(entries))
        found = pieces(tmp_path / name)
        assert [(p.where, p.text) for p in found] == [
            (f"{name}:a.b", "x 例です"),
            (f"{name}:c", "しきい値"),
            (f"{name}:c", "2行目"),
        ]
        assert joins(found[0].text) == (["x 例"], 1)


def test_the_glossary_reader_finds_the_rows_and_their_struck_spellings():
    rows = glossary(GLOSSARY)
    assert rows[0] == Term("Fine-Tuning", ("ファインチューニング", "ファインチューン", "微調整", "Fine-tuning"))
    assert all(row.term and "~" not in row.term for row in rows)


def test_a_code_cell_that_is_not_python_is_named(tmp_path: Path):
    notebook = _notebook(tmp_path / "magic.ipynb", [_code("%matplotlib inline\n")])
    with pytest.raises(ValueError, match=r"^magic.ipynb cell 1, line 1: not Python"):
        pieces(notebook)
