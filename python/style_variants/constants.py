"""module-constants: the literal arguments of calls inside functions moved to named module constants at the top of the
file, `QUERY_1 = "SELECT ... WHERE id = %s"` and `cursor.execute(QUERY_1, (uid,))`, the way a model that tidies code
names its SQL templates, commands, URLs and keys. A literal is immutable, so reading it through a module name is the
same value: a detector must resolve a module constant as the literal it holds."""

import ast

from .names import module_bindings

# Immutable literal values only (a list or dict constant could be mutated through the shared name).
LITERAL_TYPES = (str, bytes, int, float)


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _literal(node):
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, LITERAL_TYPES)
        and not isinstance(node.value, bool)
        and node.value not in ("", b"")
    )


def _insertion_index(tree):
    """After the module docstring, `from __future__` and the leading imports."""
    index = 0
    for index, statement in enumerate(tree.body):
        docstring = index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        if not (docstring or isinstance(statement, (ast.Import, ast.ImportFrom))):
            return index
    return len(tree.body)


def module_constants(tree):
    """None when no call inside a function has a literal argument."""
    taken = set(module_bindings(tree)) | {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    constants = []
    counter = 0

    def name_for():
        nonlocal counter
        while True:
            counter += 1
            candidate = f"CONSTANT_{counter}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    for function in _functions(tree):
        # The body's calls only: a decorator's arguments (a route, a validator's mode) stay where they are written.
        calls = [n for statement in function.body for n in ast.walk(statement) if isinstance(n, ast.Call)]
        for call in calls:
            for index, argument in enumerate(call.args):
                if _literal(argument):
                    name = name_for()
                    constants.append((name, argument))
                    call.args[index] = ast.Name(id=name, ctx=ast.Load())
            for keyword in call.keywords:
                if _literal(keyword.value):
                    name = name_for()
                    constants.append((name, keyword.value))
                    keyword.value = ast.Name(id=name, ctx=ast.Load())
    if not constants:
        return None
    at = _insertion_index(tree)
    assignments = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v) for n, v in constants]
    tree.body[at:at] = assignments
    return tree
