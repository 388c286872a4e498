"""Semantics-preserving variants of Python files, for `npm run eval:robustness`.

Reads {"files": [{"id": str, "text": str}]} as JSON on stdin and writes {"variants": [{"id", "transform", "text"}]}
(text null, with "error", when a transform does not apply or the file does not parse). Nothing is executed: the
files are only parsed and unparsed with the standard library's `ast`, so untrusted code is safe to read here.

Each transform rewrites code the way another model might have written the same program; a detector whose verdict
changes under one is reading the surface of the code, not its meaning.
"""

import ast
import builtins
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from style_variants.constants import module_constants
from style_variants.defensive import annotate_parameters, wrap_try
from style_variants.helpers import extract_helper
from style_variants.keywords import keyword_arguments
from style_variants.request_aliases import alias_request, alias_request_import
from style_variants.statements import (
    inline_temporaries,
    invert_guard,
    strip_comments_docstrings,
)

BUILTIN_NAMES = set(dir(builtins))


class _RenameLocals(ast.NodeTransformer):
    """Renames each function's plain local variables (never parameters, globals, nonlocals or names used by nested
    scopes), so `name` becomes `name_1`: parameter names stay, because callers and frameworks bind them by name."""

    def visit_FunctionDef(self, node):
        return self._function(node)

    def visit_AsyncFunctionDef(self, node):
        return self._function(node)

    def _function(self, node):
        self.generic_visit(node)
        parameters = {a.arg for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs}
        if node.args.vararg:
            parameters.add(node.args.vararg.arg)
        if node.args.kwarg:
            parameters.add(node.args.kwarg.arg)
        declared = set()
        nested_reads = set()
        stored = []
        for child in _own_scope_nodes(node):
            if isinstance(child, (ast.Global, ast.Nonlocal)):
                declared.update(child.names)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store) and child.id not in stored:
                stored.append(child.id)
        for inner in ast.walk(node):
            if inner is not node and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                nested_reads.update(n.id for n in ast.walk(inner) if isinstance(n, ast.Name))
        uses_locals = any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("locals", "vars", "eval", "exec")
            for n in ast.walk(node)
        )
        if uses_locals:
            return node
        renames = {}
        for name in stored:
            if name in parameters or name in declared or name in nested_reads or name in BUILTIN_NAMES:
                continue
            # a suffix keeps the words of the name: a secret named `password` is still one as `password_1`, while a
            # rule that matches the exact spelling of one variable is found out
            renames[name] = f"{name}_1"
        if not renames:
            return node
        for child in _own_scope_nodes(node):
            if isinstance(child, ast.Name) and child.id in renames:
                child.id = renames[child.id]
        return node


def _own_scope_nodes(function):
    """Nodes of a function body that belong to its own scope (nested functions, lambdas, classes and comprehension
    scopes are left out, except a comprehension's first iterable, which the enclosing scope evaluates)."""
    pending = list(function.body)
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                pending.append(child.generators[0].iter)
                continue
            pending.append(child)


class _FormatStrings(ast.NodeTransformer):
    """f"a {x} b" → "a {} b".format(x); conversions (!r, !s, !a) and constant format specs are kept in the template."""

    def visit_JoinedStr(self, node):
        # only the values are visited: a format spec is itself a JoinedStr and must stay one
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                part.value = self.visit(part.value)
        template = []
        arguments = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                template.append(part.value.replace("{", "{{").replace("}", "}}"))
            elif isinstance(part, ast.FormattedValue):
                field = "{"
                if part.conversion != -1:
                    field += "!" + chr(part.conversion)
                if part.format_spec is not None:
                    spec = part.format_spec
                    if isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values):
                        field += ":" + "".join(v.value for v in spec.values)
                    else:
                        return node
                field += "}"
                template.append(field)
                arguments.append(part.value)
            else:
                return node
        if not arguments:
            return ast.Constant("".join(template).replace("{{", "{").replace("}}", "}"))
        call = ast.Call(
            func=ast.Attribute(value=ast.Constant("".join(template)), attr="format", ctx=ast.Load()),
            args=arguments,
            keywords=[],
        )
        return ast.copy_location(call, node)


class _ConcatenateStrings(ast.NodeTransformer):
    """f"a {x} b" → "a " + str(x) + " b"; !r and !a become repr() and ascii(), a constant spec format(x, spec)."""

    def visit_JoinedStr(self, node):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                part.value = self.visit(part.value)
        pieces = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                pieces.append(ast.Constant(part.value))
                continue
            if not isinstance(part, ast.FormattedValue):
                return node
            converter = {-1: "str", 115: "str", 114: "repr", 97: "ascii"}[part.conversion]
            value = ast.Call(func=ast.Name(converter, ast.Load()), args=[part.value], keywords=[])
            if part.format_spec is not None:
                spec = part.format_spec
                if not (isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)):
                    return node
                inner = part.value
                if converter != "str" or part.conversion != -1:
                    inner = value
                value = ast.Call(
                    func=ast.Name("format", ast.Load()),
                    args=[inner, ast.Constant("".join(v.value for v in spec.values))],
                    keywords=[],
                )
            pieces.append(value)
        if not pieces or all(isinstance(piece, ast.Constant) for piece in pieces):
            return node
        expression = pieces[0]
        if not (isinstance(expression, ast.Constant)):
            expression = ast.BinOp(ast.Constant(""), ast.Add(), expression)
        for piece in pieces[1:]:
            expression = ast.BinOp(expression, ast.Add(), piece)
        return ast.copy_location(expression, node)


class _HoistArguments(ast.NodeTransformer):
    """sink(f(x), y) → argument_1 = f(x); sink(argument_1, y), for a call statement, an assignment of a call or a
    returned call inside a function, when its first argument is itself a computation (a call, an operator, a string
    template): the value reaches the sink through a variable instead of inline."""

    def __init__(self):
        self.count = 0
        self.depth = 0

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1
        node.body = self._hoisted(node.body)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def _hoisted(self, body):
        result = []
        for statement in body:
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(statement, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    setattr(statement, field, self._hoisted(inner))
            if isinstance(statement, ast.Try):
                for handler in statement.handlers:
                    handler.body = self._hoisted(handler.body)
            call = None
            if isinstance(statement, (ast.Expr, ast.Return, ast.Assign)) and isinstance(statement.value, ast.Call):
                call = statement.value
            if call is not None and call.args and isinstance(call.args[0], (ast.Call, ast.BinOp, ast.JoinedStr)):
                self.count += 1
                name = f"argument_{self.count}"
                assign = ast.Assign(targets=[ast.Name(name, ast.Store())], value=call.args[0])
                result.append(ast.copy_location(assign, statement))
                call.args[0] = ast.Name(name, ast.Load())
            result.append(statement)
        return result


def _module_imports(tree):
    """`from flask import request` → `import flask` with `flask.request` at each use, for names imported from a
    module (not relative, not star, not shadowed by an assignment anywhere in the file)."""
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(n.name)
        if isinstance(n, ast.arguments):
            stored.update(a.arg for a in n.args + n.posonlyargs + n.kwonlyargs)
    qualified = {}
    changed = False
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            if any(alias.name == "*" for alias in statement.names):
                continue
            for alias in statement.names:
                local = alias.asname or alias.name
                if local not in stored:
                    qualified[local] = (statement.module, alias.name)
    if not qualified:
        return None

    class Qualify(ast.NodeTransformer):
        def visit_Name(self, node):
            if isinstance(node.ctx, ast.Load) and node.id in qualified:
                module, name = qualified[node.id]
                value = None
                for part in module.split("."):
                    value = ast.Name(part, ast.Load()) if value is None else ast.Attribute(value, part, ast.Load())
                return ast.copy_location(ast.Attribute(value, name, ast.Load()), node)
            return node

    tree = Qualify().visit(tree)
    body = []
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            kept = [alias for alias in statement.names if (alias.asname or alias.name) not in qualified]
            if len(kept) != len(statement.names):
                changed = True
                body.append(ast.copy_location(ast.Import(names=[ast.alias(statement.module)]), statement))
                if kept:
                    statement.names = kept
                    body.append(statement)
                continue
        body.append(statement)
    tree.body = body
    return tree if changed else None


def _variant(text, transform):
    tree = ast.parse(text)
    if transform == "unparse":
        return ast.unparse(tree)
    if transform == "rename-locals":
        before = ast.dump(tree)
        tree = _RenameLocals().visit(tree)
        return ast.unparse(tree) if ast.dump(tree) != before else None
    if transform == "format-strings":
        before = ast.dump(tree)
        tree = _FormatStrings().visit(tree)
        return ast.unparse(ast.fix_missing_locations(tree)) if ast.dump(tree) != before else None
    if transform == "concatenate-strings":
        before = ast.dump(tree)
        tree = _ConcatenateStrings().visit(tree)
        return ast.unparse(ast.fix_missing_locations(tree)) if ast.dump(tree) != before else None
    if transform == "hoist-arguments":
        hoister = _HoistArguments()
        tree = hoister.visit(tree)
        return ast.unparse(ast.fix_missing_locations(tree)) if hoister.count else None
    if transform == "module-imports":
        tree = _module_imports(tree)
        return ast.unparse(ast.fix_missing_locations(tree)) if tree is not None else None
    if transform == "strip-comments-docstrings":
        tree = strip_comments_docstrings(tree, text)
    elif transform == "restyle":
        tree = _restyle(tree)
    elif transform in STYLE_TRANSFORMS:
        tree = STYLE_TRANSFORMS[transform](tree)
    else:
        raise ValueError(f"unknown transform {transform}")
    return ast.unparse(ast.fix_missing_locations(tree)) if tree is not None else None


# Other models' style (python/style_variants): each returns the rewritten tree, or None when it does not apply.
STYLE_TRANSFORMS = {
    "extract-helper": extract_helper,
    "alias-request": alias_request,
    "alias-request-import": alias_request_import,
    "inline-temporaries": inline_temporaries,
    "invert-guard": invert_guard,
    "keyword-arguments": keyword_arguments,
    "annotate-parameters": annotate_parameters,
    "wrap-try": wrap_try,
    "module-constants": module_constants,
}


def _restyle(tree):
    """Every style transform in turn, as one model's rewrite of the whole file: a detector must hold up under the
    combination, not only each change alone. None when no transform applies."""
    changed = False
    for transform in RESTYLE_ORDER:
        rewritten = STYLE_TRANSFORMS[transform](tree)
        if rewritten is not None:
            tree = ast.fix_missing_locations(rewritten)
            changed = True
    return tree if changed else None


# Type hints first, then aliases and statement shapes, arguments by keyword, literals named as module constants, and
# the sinks moved into helpers, so a helper forwards the call as the other transforms left it; every body (the
# helpers' too) wrapped in try last.
RESTYLE_ORDER = (
    "annotate-parameters",
    "alias-request-import",
    "alias-request",
    "inline-temporaries",
    "invert-guard",
    "keyword-arguments",
    "module-constants",
    "extract-helper",
    "wrap-try",
)

TRANSFORMS = (
    "unparse",
    "rename-locals",
    "format-strings",
    "concatenate-strings",
    "hoist-arguments",
    "module-imports",
    "extract-helper",
    "alias-request",
    "alias-request-import",
    "inline-temporaries",
    "invert-guard",
    "keyword-arguments",
    "annotate-parameters",
    "wrap-try",
    "module-constants",
    "strip-comments-docstrings",
    "restyle",
)


def main():
    request = json.load(sys.stdin)
    variants = []
    for entry in request["files"]:
        for transform in request.get("transforms", TRANSFORMS):
            try:
                text = _variant(entry["text"], transform)
                if text is not None:
                    # a transform that writes code Python rejects is a bug here, not a variant
                    compile(text, entry["id"], "exec", dont_inherit=True)
                variants.append({"id": entry["id"], "transform": transform, "text": text})
            except (SyntaxError, ValueError, RecursionError) as error:
                variants.append({"id": entry["id"], "transform": transform, "text": None, "error": str(error)})
    json.dump({"variants": variants}, sys.stdout)


if __name__ == "__main__":
    main()
