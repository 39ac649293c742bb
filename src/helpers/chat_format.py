"""The shape OpenAI's fine-tuning API accepts for one chat example, checked field by field.

Each check yields (code, message, field) for what OpenAI would reject: unknown keys and roles,
weights other than 0 or 1 or on a non-assistant message, malformed `tool_calls`, `tools`, tool
messages and content parts, and names outside ^[a-zA-Z0-9_-]{1,64}$.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .messages import say

Issue = tuple[str, str, str | None]  # code, message (in the reader's language), field

EXAMPLE_KEYS = {"messages", "tools", "parallel_tool_calls", "functions"}
MESSAGE_KEYS = {"role", "content", "name", "weight", "tool_calls", "function_call", "tool_call_id"}
ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
PART_TYPES = {"text": "text", "image_url": "image_url"}  # part type -> the key that holds its value
NAME_RULE = f"^{NAME.pattern}$"


def example_issues(example: dict) -> Iterator[Issue]:
    """Everything wrong with one example's structure (messages, tools), before any token is counted."""
    for key in sorted(set(example) - EXAMPLE_KEYS):
        yield "unknown_key", say("problem.unknown_key", key=key), key
    if "tools" in example:
        yield from _tools_issues(example["tools"])
    if "parallel_tool_calls" in example and not isinstance(example["parallel_tool_calls"], bool):
        yield "bad_parallel_tool_calls", say("problem.bad_parallel_tool_calls"), "parallel_tool_calls"
    messages = example.get("messages")
    if not isinstance(messages, list) or not messages:
        yield "no_messages", say("problem.no_messages"), "messages"
        return
    for index, message in enumerate(messages):
        yield from message_issues(index, message)
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
        yield "no_assistant", say("problem.no_assistant"), "messages"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _function_issues(function: object, field: str, arguments: bool) -> Iterator[Issue]:
    if not isinstance(function, dict):
        yield "bad_function", say("problem.bad_function"), field
        return
    name = function.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        yield "bad_name", say("problem.bad_function_name", name=name, rule=NAME_RULE), f"{field}.name"
    if arguments and not isinstance(function.get("arguments"), str):
        yield "bad_arguments", say("problem.bad_arguments"), f"{field}.arguments"


def _tools_issues(tools: object) -> Iterator[Issue]:
    if not isinstance(tools, list):
        yield "bad_tools", say("problem.tools_not_a_list", kind=type(tools).__name__), "tools"
        return
    for index, tool in enumerate(tools):
        field = f"tools[{index}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            yield "bad_tools", say("problem.bad_tool", shape='{"type": "function", "function": {...}}'), field
            continue
        yield from _function_issues(tool.get("function"), f"{field}.function", arguments=False)
        parameters = tool["function"].get("parameters") if isinstance(tool.get("function"), dict) else None
        if parameters is not None and not isinstance(parameters, dict):
            yield "bad_tools", say("problem.bad_parameters"), f"{field}.function.parameters"


def _tool_calls_issues(calls: object, field: str) -> Iterator[Issue]:
    if not isinstance(calls, list) or not calls:
        yield "bad_tool_calls", say("problem.tool_calls_not_a_list"), field
        return
    for index, call in enumerate(calls):
        where = f"{field}[{index}]"
        if not isinstance(call, dict) or not _is_text(call.get("id")) or call.get("type") != "function":
            yield "bad_tool_calls", say("problem.bad_tool_call"), where
            continue
        yield from _function_issues(call.get("function"), f"{where}.function", arguments=True)


def _content_issues(role: object, content: object, field: str) -> Iterator[Issue]:
    if content is None:
        return
    if isinstance(content, str):
        if not content.strip():
            yield "empty_content", say("problem.empty_content"), field
        return
    if not isinstance(content, list):
        yield "bad_content", say("problem.bad_content", kind=type(content).__name__), field
        return
    if not content:
        yield "empty_content", say("problem.empty_parts"), field
    allowed = {"text", "image_url"} if role == "user" else {"text"}
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        value = part.get(PART_TYPES.get(kind, "")) if isinstance(part, dict) else None
        ok = kind in allowed and (_is_text(value) if kind == "text" else isinstance(value, dict) and "url" in value)
        if not ok:
            shapes = say("problem.or").join(f'{{"type": "{t}", "{PART_TYPES[t]}": ...}}' for t in sorted(allowed))
            message = say("problem.bad_content_part", role=role, shapes=shapes, part=part)
            yield "bad_content_part", message, f"{field}[{index}]"


def _weight_issues(role: object, weight: object, field: str) -> Iterator[Issue]:
    if role != "assistant":
        yield "weight_not_on_assistant", say("problem.weight_not_on_assistant"), field
    elif isinstance(weight, bool) or weight not in (0, 1) or not isinstance(weight, int):
        yield "bad_weight", say("problem.bad_weight", weight=weight), field


def message_issues(index: int, message: object) -> Iterator[Issue]:
    """Everything wrong with message number `index` of an example."""
    field = f"messages[{index}]"
    if not isinstance(message, dict):
        yield "bad_message", say("problem.bad_message", kind=type(message).__name__), field
        return
    for key in sorted(set(message) - MESSAGE_KEYS):
        yield "unknown_key", say("problem.unknown_key", key=key), f"{field}.{key}"
    role = message.get("role")
    if "role" not in message:
        yield "missing_role", say("problem.missing_role"), field
    elif not isinstance(role, str) or role not in ROLES:
        yield "unknown_role", say("problem.unknown_role", role=role), f"{field}.role"
    if "name" in message and (not isinstance(message["name"], str) or not NAME.fullmatch(message["name"])):
        yield "bad_name", say("problem.bad_name", name=message["name"], rule=NAME_RULE), f"{field}.name"
    if "weight" in message:
        yield from _weight_issues(role, message["weight"], f"{field}.weight")
    if "tool_calls" in message:
        if role != "assistant":
            yield "bad_tool_calls", say("problem.tool_calls_not_on_assistant"), f"{field}.tool_calls"
        yield from _tool_calls_issues(message["tool_calls"], f"{field}.tool_calls")
    if role == "tool" and not _is_text(message.get("tool_call_id")):
        yield "missing_tool_call_id", say("problem.missing_tool_call_id"), f"{field}.tool_call_id"
    if "content" not in message or message["content"] is None:
        if "tool_calls" not in message and "function_call" not in message:
            yield "missing_content", say("problem.missing_content"), field
        return
    yield from _content_issues(role, message["content"], f"{field}.content")
