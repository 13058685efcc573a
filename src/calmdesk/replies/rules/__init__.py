"""R-rule families. Each module holds a few pure functions `(text, ctx) -> list[Hit]`.

Paraphrase is handled by pattern families rather than word lists: each family is a set of
short regular expressions over word classes (`<WE>`, `<MODAL>`, ...) that cover the many
ways people phrase the same move ("as I said", "like we mentioned before", "as already
stated in our reply"). The word classes live in `_patterns.py` so every family shares them.
"""
