"""Transforms for `python/ast-variants.py` that rewrite a program the way another model writes it: a sink moved into a
helper, the request's attributes aliased, temporaries inlined, guards inverted, arguments passed by keyword, comments
and docstrings dropped. Each takes a parsed module and returns the rewritten tree, or None when it does not apply."""
