"""Record and replay machinery, kept apart from the tutorial's ideas.

`cassettes` and `scrub` let `helpers.openai_client` replay and record; `record` refreshes a recording
only when its notebook ran to the end; `stand_in` and `authoring` exist to author the shipped
recordings and to test, and no notebook imports them.
"""
