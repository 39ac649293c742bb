"""The JSONL validator: one test per problem code, with its line and field, and no exception on bad data."""

from __future__ import annotations

import json
import random

import pytest

from conftest import POST_LISTING
from helpers.balance_shift import analyze
from helpers.dataset import article_examples, make_example, read_jsonl, to_jsonl, write_jsonl
from helpers.validation import validate_bytes, validate_file

CODES = {
    "not_utf8",
    "blank_line",
    "invalid_json",
    "not_object",
    "bad_message",
    "no_messages",
    "missing_role",
    "missing_content",
    "unknown_key",
    "unknown_role",
    "empty_content",
    "bad_content",
    "no_assistant",
    "too_many_tokens",
    "too_few_examples",
    "wrong_answer",
    "unreadable",
    "bad_weight",
    "weight_not_on_assistant",
    "bad_tool_calls",
    "bad_tools",
    "bad_function",
    "bad_arguments",
    "bad_parallel_tool_calls",
    "missing_tool_call_id",
    "bad_content_part",
    "bad_name",
}
LINE = 4  # the line we break in a file of the post's 10 examples


def post_lines() -> list[bytes]:
    return [line.encode("utf-8") for line in to_jsonl(article_examples()).splitlines()]


def with_line(replacement: bytes | str | dict, number: int = LINE) -> bytes:
    """The post's 10 examples with line `number` replaced."""
    if isinstance(replacement, dict):
        replacement = json.dumps(replacement, ensure_ascii=False)
    if isinstance(replacement, str):
        replacement = replacement.encode("utf-8")
    lines = post_lines()
    lines[number - 1] = replacement
    return b"\n".join(lines) + b"\n"


def found(data: bytes) -> list[tuple[int | None, str, str | None]]:
    return [(p.line, p.code, p.field) for p in validate_bytes(data).problems]


def example_with(index: int, **changes) -> dict:
    """Example (30, 20) with message `index` updated; a value None removes the key."""
    example = make_example(30, 20)
    message = example["messages"][index]
    for key, value in changes.items():
        if value is None:
            message.pop(key)
        else:
            message[key] = value
    return example


def test_post_examples_validate_clean():
    report = validate_bytes(to_jsonl(article_examples()).encode("utf-8"), "post.jsonl")
    assert report.ok
    assert report.problems == []
    assert report.examples == 10
    assert report.describe() == "post.jsonl: 10 example(s), OK"


def test_post_file_from_the_article_validates_clean(tmp_path):
    path = tmp_path / "post.jsonl"
    path.write_bytes(POST_LISTING.read_bytes())
    report = validate_file(path)
    assert report.ok, report.describe()
    assert report.examples == 10


def test_crlf_and_missing_final_newline_are_fine():
    data = to_jsonl(article_examples()).encode("utf-8")
    assert validate_bytes(data.replace(b"\n", b"\r\n")).ok
    assert validate_bytes(data.rstrip(b"\n")).ok


def test_not_utf8():
    line = b'{"messages": \xff}'
    report = validate_bytes(with_line(line))
    assert [(p.line, p.code) for p in report.problems] == [(LINE, "not_utf8"), (None, "too_few_examples")]
    position = line.index(b"\xff") + 1
    assert f"byte {position} of the line" in report.problems[0].message


def test_blank_line_in_the_middle():
    assert found(with_line("   ")) == [(LINE, "blank_line", None), (None, "too_few_examples", None)]


def test_extra_blank_line_at_the_end():
    data = to_jsonl(article_examples()).encode("utf-8") + b"\n"
    assert found(data) == [(11, "blank_line", None)]


def test_invalid_json():
    report = validate_bytes(with_line('{"messages": ['))
    assert [(p.line, p.code) for p in report.problems] == [(LINE, "invalid_json"), (None, "too_few_examples")]
    assert "column" in report.problems[0].message


@pytest.mark.parametrize("value", ["[1, 2]", '"text"', "42", "null"])
def test_not_object(value):
    assert found(with_line(value)) == [(LINE, "not_object", None), (None, "too_few_examples", None)]


@pytest.mark.parametrize("example", [{}, {"messages": []}, {"messages": "hello"}, {"messages": {"role": "user"}}])
def test_no_messages(example):
    assert found(with_line(example)) == [(LINE, "no_messages", "messages")]


def test_missing_role():
    assert found(with_line(example_with(0, role=None))) == [(LINE, "missing_role", "messages[0]")]


def test_missing_content():
    assert found(with_line(example_with(1, content=None))) == [(LINE, "missing_content", "messages[1]")]


CALL = {"id": "call_1", "type": "function", "function": {"name": "balance_shift", "arguments": '{"a": 30}'}}


def test_assistant_with_tool_calls_needs_no_content():
    example = example_with(2, content=None, tool_calls=[CALL])
    assert found(with_line(example)) == []


# --- what OpenAI rejects: weights, tools, tool calls, tool messages, content parts, names -------------------------


@pytest.mark.parametrize("weight", [0, 1])
def test_weight_0_or_1_on_an_assistant_message_is_accepted(weight):
    assert found(with_line(example_with(2, weight=weight))) == []


@pytest.mark.parametrize("weight", [2, -1, 0.5, 1.5, "yes", "1", True, None])
def test_a_weight_other_than_0_or_1_is_rejected(weight):
    example = make_example(30, 20)
    example["messages"][2]["weight"] = weight
    assert found(with_line(example)) == [(LINE, "bad_weight", "messages[2].weight")]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant):
    line = json.dumps(make_example(30, 20), ensure_ascii=False).replace(
        '"assistant"', f'"assistant", "weight": {constant}'
    )
    assert found(with_line(line))[0] == (LINE, "invalid_json", None)


@pytest.mark.parametrize("index", [0, 1])
def test_a_weight_on_a_non_assistant_message_is_rejected(index):
    assert found(with_line(example_with(index, weight=1))) == [
        (LINE, "weight_not_on_assistant", f"messages[{index}].weight")
    ]


@pytest.mark.parametrize(
    ("tool_calls", "field"),
    [
        ({"id": "call_1"}, "messages[2].tool_calls"),
        ("call_1", "messages[2].tool_calls"),
        ([], "messages[2].tool_calls"),
        ([{"type": "function", "function": CALL["function"]}], "messages[2].tool_calls[0]"),
        ([{"id": "call_1", "type": "function"}], "messages[2].tool_calls[0].function"),
    ],
)
def test_tool_calls_must_be_a_list_of_calls(tool_calls, field):
    codes = found(with_line(example_with(2, content=None, tool_calls=tool_calls)))
    assert codes[0][0] == LINE and codes[0][2] == field and codes[0][1] in {"bad_tool_calls", "bad_function"}


def test_tool_call_arguments_must_be_a_string():
    call = CALL | {"function": {"name": "balance_shift", "arguments": {"a": 30}}}
    assert found(with_line(example_with(2, content=None, tool_calls=[call]))) == [
        (LINE, "bad_arguments", "messages[2].tool_calls[0].function.arguments")
    ]


def test_only_the_assistant_makes_tool_calls():
    assert (LINE, "bad_tool_calls", "messages[1].tool_calls") in found(with_line(example_with(1, tool_calls=[CALL])))


@pytest.mark.parametrize("tools", [{"type": "function"}, "balance_shift", [{"type": "web"}], [{"function": {}}]])
def test_tools_must_be_a_list_of_function_tools(tools):
    example = make_example(30, 20) | {"tools": tools}
    assert [code for _, code, _ in found(with_line(example))] == ["bad_tools"]


def test_a_well_formed_tool_conversation_is_accepted():
    example = make_example(30, 20)
    example["tools"] = [{"type": "function", "function": {"name": "balance_shift", "parameters": {"type": "object"}}}]
    example["messages"][2:] = [
        {"role": "assistant", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call_1", "content": "0.2000"},
        {"role": "assistant", "content": example["messages"][2]["content"]},
    ]
    assert found(with_line(example)) == []


def test_a_tool_message_needs_its_tool_call_id():
    example = make_example(30, 20)
    example["messages"].insert(2, {"role": "tool", "content": "0.2000"})
    assert found(with_line(example)) == [(LINE, "missing_tool_call_id", "messages[2].tool_call_id")]


@pytest.mark.parametrize(
    ("index", "parts"),
    [
        (1, [1, 2, 3]),
        (1, [{"type": "text"}]),
        (1, [{"type": "text", "text": 5}]),
        (1, [{"type": "audio", "text": "x"}]),
        (2, [{"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]),
    ],
)
def test_content_parts_must_have_their_documented_shape(index, parts):
    assert found(with_line(example_with(index, content=parts)))[0] == (
        LINE,
        "bad_content_part",
        f"messages[{index}].content[0]",
    )


def test_text_and_image_parts_in_a_user_message_are_accepted():
    parts = [
        {"type": "text", "text": "要素1: 30、要素2: 20"},
        {"type": "image_url", "image_url": {"url": "https://x/a.png"}},
    ]
    assert found(with_line(example_with(1, content=parts))) == []


@pytest.mark.parametrize("name", ["has space", "", "x" * 65, "名前", 7])
def test_a_name_outside_the_allowed_pattern_is_rejected(name):
    assert found(with_line(example_with(1, name=name))) == [(LINE, "bad_name", "messages[1].name")]


def test_a_name_within_the_pattern_is_accepted():
    assert found(with_line(example_with(1, name="analyst_01-b"))) == []


def test_a_line_separator_inside_a_string_is_part_of_the_line_for_every_command(tmp_path):
    example = make_example(30, 20)
    example["messages"][0]["content"] += "\u2028(paragraph)\u2029"
    path = tmp_path / "separators.jsonl"
    path.write_bytes(with_line(json.dumps(example, ensure_ascii=False)))
    assert validate_file(path).ok
    assert read_jsonl(path)[LINE - 1] == example


def test_unknown_key_on_the_example():
    example = make_example(30, 20) | {"extra": 1}
    assert found(with_line(example)) == [(LINE, "unknown_key", "extra")]


def test_unknown_key_on_a_message():
    assert found(with_line(example_with(1, colour="red"))) == [(LINE, "unknown_key", "messages[1].colour")]


@pytest.mark.parametrize("role", ["robot", "User", 3, ["user"], None])
def test_unknown_role(role):
    example = make_example(30, 20)
    example["messages"][1]["role"] = role
    assert found(with_line(example)) == [(LINE, "unknown_role", "messages[1].role")]


@pytest.mark.parametrize("content", ["", "   \n ", []])
def test_empty_content(content):
    assert found(with_line(example_with(0, content=content))) == [(LINE, "empty_content", "messages[0].content")]


@pytest.mark.parametrize("content", [42, 1.5, {"text": "hi"}, True])
def test_bad_content(content):
    assert found(with_line(example_with(1, content=content))) == [(LINE, "bad_content", "messages[1].content")]


def test_no_assistant():
    example = make_example(30, 20)
    del example["messages"][2]
    assert found(with_line(example)) == [(LINE, "no_assistant", "messages")]


def test_too_many_tokens():
    example = example_with(0, content=" hello" * 66_000)  # one token each: 66,000 > 65,536
    report = validate_bytes(with_line(example))
    assert [(p.line, p.code, p.field) for p in report.problems] == [(LINE, "too_many_tokens", None)]
    assert "65536" in report.problems[0].message


def test_too_few_examples():
    nine = b"".join(line + b"\n" for line in post_lines()[:9])
    report = validate_bytes(nine)
    assert [(p.line, p.code) for p in report.problems] == [(None, "too_few_examples")]
    assert "9 example(s)" in report.problems[0].message
    assert report.examples == 9


def test_empty_file_has_too_few_examples():
    report = validate_bytes(b"")
    assert [p.code for p in report.problems] == ["too_few_examples"]
    assert report.examples == 0


def answer_problems(a: int, b: int, answer: str) -> list:
    example = make_example(a, b)
    example["messages"][2]["content"] = answer
    report = validate_bytes(with_line(example))
    assert all((p.line, p.code, p.field) == (LINE, "wrong_answer", "messages[2].content") for p in report.problems)
    return [p.message for p in report.problems]


def test_wrong_answer_arithmetic():
    answer = (
        "バランス解析結果:\n- シフト値計算: (30 - 20) / (30 + 20) = 0.3000\n- 解釈: 要素1が要素2よりも30.0%優位です。"
    )
    messages = answer_problems(30, 20, answer)
    assert messages == ["arithmetic: shift value 0.3000, expected 0.2000", "arithmetic: 30.0%, expected 20.0%"]


def test_wrong_answer_formula_numbers_differ_from_the_prompt():
    answer = (
        "バランス解析結果:\n- シフト値計算: (30 - 21) / (30 + 21) = 0.2000\n- 解釈: 要素1が要素2よりも20.0%優位です。"
    )
    messages = answer_problems(30, 20, answer)
    assert len(messages) == 1
    assert messages[0].startswith("arithmetic: the formula uses 30 and 21")


def test_wrong_answer_value_rounding():
    float_rounded = f"{2 / 64:.4f}"  # how Python's float formatting rounds 0.03125
    answer = (
        f"バランス解析結果:\n- シフト値計算: (33 - 31) / (33 + 31) = {float_rounded}\n"
        "- 解釈: 要素1が要素2よりも3.1%優位です。"
    )
    assert answer_problems(33, 31, answer) == [f"rounding: shift value {float_rounded}, expected 0.0313"]


def test_wrong_answer_percent_rounding():
    float_rounded = f"{6.25:.1f}"
    answer = (
        "バランス解析結果:\n- シフト値計算: (17 - 15) / (17 + 15) = 0.0625\n"
        f"- 解釈: 要素1が要素2よりも{float_rounded}%優位です。"
    )
    assert answer_problems(17, 15, answer) == [f"rounding: {float_rounded}%, expected 6.3%"]


def test_wrong_answer_interpretation():
    answer = (
        "バランス解析結果:\n- シフト値計算: (20 - 30) / (20 + 30) = -0.2000\n- 解釈: 要素1が要素2よりも20.0%優位です。"
    )
    assert answer_problems(20, 30, answer) == ["interpretation: names 要素1, expected 要素2"]


def test_wrong_answer_tie_read_as_dominance():
    answer = (
        "バランス解析結果:\n- シフト値計算: (25 - 25) / (25 + 25) = 0.0000\n- 解釈: 要素1が要素2よりも0.0%優位です。"
    )
    assert answer_problems(25, 25, answer) == ["interpretation: names 要素1, expected a balance"]


def test_wrong_answer_format_only_difference():
    answer = analyze(30, 20).replace("\n- ", "\n・ ")
    assert answer_problems(30, 20, answer) == [
        "format: the numbers are right but the text differs from the exact format"
    ]


def test_wrong_answer_unparseable():
    messages = answer_problems(30, 20, "シフト値は0.2です。")
    assert len(messages) == 1
    assert messages[0].startswith("format: ")


def test_wrong_answer_when_the_prompt_numbers_cannot_be_analysed():
    example = make_example(30, 20)
    example["messages"][1]["content"] = example["messages"][1]["content"].replace("30", "0").replace("20", "0")
    report = validate_bytes(with_line(example))
    assert [(p.line, p.code, p.field) for p in report.problems] == [(LINE, "wrong_answer", "messages[2].content")]
    assert "cannot be analysed" in report.problems[0].message


def test_unreadable_missing_file(tmp_path):
    report = validate_file(tmp_path / "missing.jsonl")
    assert [(p.line, p.code) for p in report.problems] == [(None, "unreadable")]
    assert "no such file" in report.problems[0].message
    assert not report.ok


def test_unreadable_directory(tmp_path):
    report = validate_file(tmp_path)
    assert [(p.line, p.code) for p in report.problems] == [(None, "unreadable")]
    assert "directory" in report.problems[0].message


def test_describe_names_file_line_and_field(tmp_path):
    path = write_jsonl(article_examples(), tmp_path / "data.jsonl")
    path.write_bytes(with_line(example_with(1, content=42)))
    text = validate_file(path).describe()
    assert f"{path}:{LINE}: messages[1].content:" in text
    assert "[bad_content]" in text
    assert text.endswith(f"{path}: 10 example(s), 1 problem(s)")


def test_problems_on_several_lines_are_all_reported():
    lines = post_lines()
    lines[1] = b"{"
    lines[6] = json.dumps(example_with(1, role="robot")).encode()
    report = validate_bytes(b"\n".join(lines) + b"\n")
    assert [(p.line, p.code) for p in report.problems] == [
        (2, "invalid_json"),
        (7, "unknown_role"),
        (None, "too_few_examples"),
    ]


def check_report_shape(report, data: bytes) -> None:
    lines = data.count(b"\n") + 1
    assert report.examples <= lines
    for problem in report.problems:
        assert problem.code in CODES
        assert problem.line is None or 1 <= problem.line <= lines
        assert isinstance(problem.message, str)
        assert problem.message


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_random_bytes_never_raise(seed):
    rng = random.Random(seed)
    data = rng.randbytes(3000)
    report = validate_bytes(data)
    check_report_shape(report, data)
    assert not report.ok


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_random_json_like_bytes_never_raise(seed):
    rng = random.Random(seed)
    alphabet = b'{}[]":,\n \\0123456789.-eEtrufalsn\xe3\x81\x82\xffmessagesrolecontent'
    data = bytes(rng.choice(alphabet) for _ in range(3000))
    check_report_shape(validate_bytes(data), data)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_mutated_post_file_never_raises(seed):
    rng = random.Random(seed)
    data = bytearray(to_jsonl(article_examples()).encode("utf-8"))
    for _ in range(20):
        data[rng.randrange(len(data))] = rng.randrange(256)
    check_report_shape(validate_bytes(bytes(data)), bytes(data))


def test_odd_shapes_never_raise():
    lines = post_lines()
    lines[0] = json.dumps({"messages": [1, {"role": "assistant", "content": "x"}]}).encode()
    lines[1] = json.dumps(
        {"messages": [{"role": ["user"], "content": "x"}, {"role": "assistant", "content": 3}]}
    ).encode()
    lines[2] = json.dumps({"messages": [{"role": {"a": 1}}, None, [], "text"]}).encode()
    data = b"\n".join(lines) + b"\n"
    report = validate_bytes(data)
    check_report_shape(report, data)
    assert (1, "bad_message", "messages[0]") in [(p.line, p.code, p.field) for p in report.problems]
    assert (2, "unknown_role", "messages[0].role") in [(p.line, p.code, p.field) for p in report.problems]
    assert (2, "bad_content", "messages[1].content") in [(p.line, p.code, p.field) for p in report.problems]


def test_a_line_with_a_non_object_message_still_counts_as_an_example():
    # The line is a JSON object with a messages list, so it is an example with a problem;
    # it must not also make the file look too small.
    example = make_example(30, 20)
    example["messages"].insert(0, "not a message")
    assert found(with_line(example)) == [(LINE, "bad_message", "messages[0]")]


# Bad data that must be reported as a problem, never raised.


def test_special_token_text_in_content_never_raises():
    # "<|endoftext|>" is ordinary text in training data; tiktoken refuses it unless told otherwise.
    example = example_with(0, content="Documents end with <|endoftext|>.")
    report = validate_bytes(with_line(example))
    check_report_shape(report, with_line(example))


@pytest.mark.parametrize(
    "line",
    [b"1" * 5000, b"[" * 100_000 + b"]" * 100_000],
    ids=["integer-of-5000-digits", "array-nested-100000-deep"],
)
def test_json_python_cannot_load_is_reported_not_raised(line):
    # both lines are JSON but not an object: either "invalid_json" or "not_object" is a fair report
    report = validate_bytes(with_line(line))
    line_codes = {p.code for p in report.problems if p.line == LINE}
    assert line_codes
    assert line_codes <= {"invalid_json", "not_object"}


def test_prompt_with_a_tiny_decimal_never_raises():
    example = make_example(30, 20)
    example["messages"][1]["content"] = example["messages"][1]["content"].replace("30", "0.0000001")
    example["messages"][2]["content"] = (
        "バランス解析結果:\n- シフト値計算: (0.0000001 - 20) / (0.0000001 + 20) = -1.0000\n"
        "- 解釈: 要素2が要素1よりも100.0%優位です。"
    )
    report = validate_bytes(with_line(example))
    check_report_shape(report, with_line(example))
    # the answer is in fact the method's exact answer
    assert report.ok, report.describe()
