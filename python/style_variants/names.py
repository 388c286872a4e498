"""Name bookkeeping shared by the transforms: which names a module binds at its top level, which a function binds,
and the dotted text of a call's callee."""

import ast

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def dotted(node):
    """`os.path.join` for an attribute chain rooted in a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def module_bindings(tree):
    """Names bound by the module's own top-level statements (imports, definitions, assignments), with the qualified
    name each import binds: `import os.path` binds os → os, `from flask import request as req` req → flask.request."""
    bound = {}
    for statement in tree.body:
        for node in _top_level_nodes(statement):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    module = ("." * node.level) + (node.module or "")
                    bound[alias.asname or alias.name] = f"{module}.{alias.name}"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound[node.name] = None
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound[node.id] = None
    return bound


def _top_level_nodes(statement):
    """The statement and what it contains outside nested scopes (an import under `try:` or `if` binds at the top)."""
    pending = [statement]
    while pending:
        node = pending.pop()
        yield node
        if node is not statement and isinstance(node, SCOPES):
            continue
        pending.extend(ast.iter_child_nodes(node))


def function_locals(function):
    """Names a function binds in its own scope (parameters included), and the ones it declares global/nonlocal."""
    arguments = function.args
    names = {a.arg for a in arguments.args + arguments.posonlyargs + arguments.kwonlyargs}
    if arguments.vararg:
        names.add(arguments.vararg.arg)
    if arguments.kwarg:
        names.add(arguments.kwarg.arg)
    declared = set()
    for node in own_scope_nodes(function):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not function:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names - declared, declared


def own_scope_nodes(function):
    """Nodes of a function body that belong to its own scope: nested functions, lambdas and classes are yielded but
    not entered (their names bind here, their bodies do not)."""
    pending = list(function.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, SCOPES):
            continue
        pending.extend(ast.iter_child_nodes(node))


def all_names(tree):
    """Every identifier the file spells, so a new name can be chosen that collides with none."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def fresh(base, taken):
    """`base`, or `base_2`, `base_3` … — the first spelling not in `taken`, which is then taken."""
    name = base
    count = 1
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name


class ScopedTransformer(ast.NodeTransformer):
    """A transformer that knows the names each enclosing function, lambda or class binds, so a name it meets can be
    told apart as the module's (an import a module-level helper also sees) or a local one."""

    def __init__(self):
        self.scopes = []

    def visit_FunctionDef(self, node):
        return self._scoped(node, function_locals(node)[0])

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        return self._scoped(node, {a.arg for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs})

    def visit_ClassDef(self, node):
        return self._scoped(node, {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)})

    def _scoped(self, node, names):
        self.scopes.append(names)
        self.generic_visit(node)
        self.scopes.pop()
        return node

    def local(self, name):
        return any(name in scope for scope in self.scopes)
