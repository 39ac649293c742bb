"""Record and replay machinery, kept apart from the tutorial's ideas.

`cassettes` and `scrub` let `helpers.openai_client` replay and record; `record` refreshes a recording
only when its notebook ran to the end. The loopback stand-in that authored the shipped recordings, and the
authoring command, live outside the package in `tools/`.
"""
