"""Session records turned into things people read, print and analyse.

Markdown to share, one self-contained HTML file with charts to print, CSV for
analysis across cohorts, and comparisons of several cohorts. Every export
goes through `model`, so a small perspective group is folded into the total
the same way everywhere. Imported only by `workshop sessions` and
`workshop report`; nothing here imports Textual.
"""
