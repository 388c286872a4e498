"""Statement-level restyling: `inline-temporaries` (the reverse of hoist-arguments), `invert-guard` (an early exit
written as if/else, and an if/else with an exiting branch written as an early exit) and `strip-comments-docstrings`.
Each keeps the order in which the program evaluates anything that could have an effect."""

import ast
import io
import tokenize

from .names import SCOPES, dotted, own_scope_nodes

BLOCKS = ("body", "orelse", "finalbody")
EFFECTS = (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)
# Calls after which a branch never continues (they raise).
NEVER_RETURN = frozenset({"abort", "flask.abort", "sys.exit", "exit", "quit", "os._exit"})


def _blocks(statement):
    blocks = [getattr(statement, f) for f in BLOCKS if isinstance(getattr(statement, f, None), list)]
    blocks += [h.body for h in getattr(statement, "handlers", [])]
    blocks += [c.body for c in getattr(statement, "cases", [])]
    return [b for b in blocks if b and isinstance(b[0], ast.stmt)]


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _all_blocks(function):
    """Every statement list of the function's own scope, outermost first."""
    pending = [function.body]
    while pending:
        block = pending.pop(0)
        yield block
        for statement in block:
            if not isinstance(statement, SCOPES):
                pending.extend(_blocks(statement))


# inline-temporaries ---------------------------------------------------------------------------------------------


def _immediate(statement):
    """The expressions a statement evaluates once, before anything in its blocks; None for a statement whose
    expression runs more than once or after its blocks (a while test, an assignment's target)."""
    if isinstance(statement, (ast.Expr, ast.Return, ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return [statement.value] if statement.value is not None else []
    if isinstance(statement, ast.If):
        return [statement.test]
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.iter]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [statement.items[0].context_expr] if len(statement.items) == 1 else None
    return None


def _path_to(root, target):
    """Ancestors of target under root (root first) and the nodes a pre-order walk meets before it, or None."""
    before = []
    stack = [(root, [])]
    while stack:
        node, ancestors = stack.pop()
        if node is target:
            return ancestors, before
        before.append(node)
        children = list(ast.iter_child_nodes(node))
        stack.extend((child, ancestors + [node]) for child in reversed(children))
    return None


def _inlinable(expressions, use, value):
    for expression in expressions:
        found = _path_to(expression, use)
        if found is None:
            continue
        ancestors, before = found
        for ancestor, child in zip(ancestors, ancestors[1:] + [use]):
            # evaluated once, unconditionally: not under a lambda, comprehension, conditional or short circuit
            if isinstance(ancestor, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Dict)):
                return False
            if isinstance(ancestor, ast.IfExp) and child is not ancestor.test:
                return False
            if isinstance(ancestor, ast.BoolOp) and child is not ancestor.values[0]:
                return False
        if any(isinstance(n, (ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)) for n in ast.walk(expression)):
            return False
        if not any(isinstance(n, EFFECTS) for n in ast.walk(value)):
            return True
        # the value has effects: nothing evaluated before its use may have any
        ancestor_ids = {id(a) for a in ancestors}
        return not any(isinstance(n, EFFECTS) and id(n) not in ancestor_ids for n in before)
    return False


def inline_temporaries(tree):
    changed = False
    for function in _functions(tree):
        names = [n for n in own_scope_nodes(function) if isinstance(n, ast.Name)]
        if any(isinstance(n, ast.Call) and dotted(n.func) in ("locals", "vars", "eval", "exec") for n in ast.walk(function)):
            continue
        declared = {name for n in own_scope_nodes(function) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
        parameters = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        nested = {
            n.id
            for inner in own_scope_nodes(function)
            if isinstance(inner, SCOPES)
            for n in ast.walk(inner)
            if isinstance(n, ast.Name)
        }
        for block in _all_blocks(function):
            index = 0
            while index + 1 < len(block):
                statement = block[index]
                following = block[index + 1]
                if not (
                    isinstance(statement, ast.Assign)
                    and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)
                ):
                    index += 1
                    continue
                name = statement.targets[0].id
                uses = [n for n in names if n.id == name]
                loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
                expressions = _immediate(following)
                if (
                    name in declared
                    or name in parameters
                    or name in nested
                    or len(uses) != 2
                    or len(loads) != 1
                    or expressions is None
                    or not _inlinable(expressions, loads[0], statement.value)
                ):
                    index += 1
                    continue
                _replace(following, loads[0], statement.value)
                names = [n for n in names if n is not loads[0] and n is not statement.targets[0]]
                del block[index]
                changed = True
    return tree if changed else None


def _replace(root, old, new):
    for node in ast.walk(root):
        for field, value in ast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[next(i for i, v in enumerate(value) if v is old)] = new
                return


# invert-guard ---------------------------------------------------------------------------------------------------


def _exits(block):
    last = block[-1] if block else None
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and dotted(last.value.func) in NEVER_RETURN:
        return True
    return isinstance(last, ast.If) and bool(last.orelse) and _exits(last.body) and _exits(last.orelse)


def _negated(test):
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        # `not in` and `is not` are defined as the negations of `in` and `is`; == and < are not (NaN, __ne__)
        flipped = {ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}.get(type(test.ops[0]))
        if flipped:
            return ast.Compare(test.left, [flipped()], test.comparators)
    return ast.UnaryOp(ast.Not(), test)


def _invert_block(block, done):
    """Rewrites the block in place; returns whether anything changed."""
    changed = False
    index = 0
    while index < len(block):
        statement = block[index]
        if isinstance(statement, ast.If) and id(statement) not in done:
            rest = block[index + 1:]
            if not statement.orelse and _exits(statement.body) and rest:
                # if not ok: return X; rest  →  if ok: rest; else: return X
                inverted = ast.copy_location(ast.If(_negated(statement.test), rest, statement.body), statement)
                done.add(id(inverted))
                block[index:] = [inverted]
                changed = True
            elif statement.orelse and _exits(statement.body):
                # if c: return X; else: rest  →  if c: return X; rest
                flat = ast.copy_location(ast.If(statement.test, statement.body, []), statement)
                done.add(id(flat))
                block[index:index + 1] = [flat] + statement.orelse
                changed = True
            elif statement.orelse and _exits(statement.orelse) and not isinstance(statement.orelse[0], ast.If):
                # if ok: rest; else: return X  →  if not ok: return X; rest
                flat = ast.copy_location(ast.If(_negated(statement.test), statement.orelse, []), statement)
                done.add(id(flat))
                block[index:index + 1] = [flat] + statement.body
                changed = True
        for inner in _blocks(block[index]) if not isinstance(block[index], SCOPES) else []:
            changed = _invert_block(inner, done) or changed
        index += 1
    return changed


def invert_guard(tree):
    changed = False
    for function in _functions(tree):
        changed = _invert_block(function.body, set()) or changed
    return tree if changed else None


# strip-comments-docstrings --------------------------------------------------------------------------------------


def strip_comments_docstrings(tree, text):
    """Docstrings and other bare string statements go (they do nothing when run); unparsing drops the comments."""
    removed = False
    for node in ast.walk(tree):
        for field in BLOCKS:
            block = getattr(node, field, None)
            if not (isinstance(block, list) and block and isinstance(block[0], ast.stmt)):
                continue
            kept = [
                s for s in block if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))
            ]
            if len(kept) != len(block):
                removed = True
                block[:] = kept or [ast.Pass()]
    try:
        comments = any(t.type == tokenize.COMMENT for t in tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        comments = False
    return tree if removed or comments else None
