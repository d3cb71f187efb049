"""Reference implementations: the plain or former form of each algorithm that was rewritten
for speed, kept once, here, for the equivalence tests that compare the two on generated
inputs. One module per stage (dates, mentions, normalize, reports, runner, sections).

A reference here is test code: it may be slow, and it is never imported by extractors/ or
pipeline/. When a fast path is removed, its reference goes with it.
"""
