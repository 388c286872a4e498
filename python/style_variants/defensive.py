"""Two habits of a careful repairing model, neither of which changes what the program does: `annotate-parameters`
(type hints on a function's parameters, `def read(name: str)`) and `wrap-try` (a function body inside
`try: ... except Exception: raise`). A detector must read a typed parameter as the parameter it is, and a guard that
exits inside a `try` whose handler re-raises as the exit it still is."""

import ast

from .names import module_bindings

# Frameworks that read annotations at run time (a FastAPI or typer parameter's type converts and validates the value):
# annotating there would change the program, so those files are left alone.
ANNOTATION_READERS = ("fastapi", "pydantic", "typer", "click", "strawberry", "dataclasses", "attr", "attrs")


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _reads_annotations(tree):
    for qualified in module_bindings(tree).values():
        if qualified and qualified.lstrip(".").split(".")[0] in ANNOTATION_READERS:
            return True
    return any(
        isinstance(n, ast.Name) and n.id in ("get_type_hints", "__annotations__") for n in ast.walk(tree)
    ) or any(isinstance(n, ast.Attribute) and n.attr == "__annotations__" for n in ast.walk(tree))


def _string_like_default(default):
    return default is None or (isinstance(default, ast.Constant) and isinstance(default.value, (str, type(None))))


def annotate_parameters(tree):
    """`str` on every unannotated parameter whose default, if any, is a string or None; `self`/`cls` and starred
    parameters stay bare. None when the file uses a framework that reads annotations, or nothing changes."""
    if _reads_annotations(tree):
        return None
    changed = False
    for function in _functions(tree):
        arguments = function.args
        positional = arguments.posonlyargs + arguments.args
        defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
        pairs = list(zip(positional, defaults)) + list(zip(arguments.kwonlyargs, arguments.kw_defaults))
        for index, (parameter, default) in enumerate(pairs):
            if parameter.annotation is not None or (index == 0 and parameter.arg in ("self", "cls")):
                continue
            if default is not None and not _string_like_default(default):
                continue
            if isinstance(default, ast.Constant) and default.value is None:
                parameter.annotation = ast.parse("str | None", mode="eval").body
            else:
                parameter.annotation = ast.Name(id="str", ctx=ast.Load())
            changed = True
    return tree if changed else None


def _docstring_split(body):
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return body[:1], body[1:]
    return [], body


def wrap_try(tree):
    """Each function's body (after its docstring) inside `try:` with `except Exception: raise`: the same behaviour,
    exceptions included. None when no function has a body to wrap."""
    changed = False
    for function in _functions(tree):
        docstring, body = _docstring_split(function.body)
        if not body or (len(body) == 1 and isinstance(body[0], ast.Try)):
            continue
        handler = ast.ExceptHandler(type=ast.Name(id="Exception", ctx=ast.Load()), name=None, body=[ast.Raise()])
        function.body = docstring + [ast.Try(body=body, handlers=[handler], orelse=[], finalbody=[])]
        changed = True
    return tree if changed else None
