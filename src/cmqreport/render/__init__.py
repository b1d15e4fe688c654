"""Stage five of the pipeline (render): a year's report as pandoc Markdown.

The outline (numbers, anchors, assets) and the analyses are computed once, then the
sandboxed Jinja templates write the text; data is always escaped as text.
"""
