"""How other models reach the request's data. `alias-request`: `args = request.args` once, then `args.get("q")`;
`alias-request-import`: `from flask import request as req` and `req.args` throughout (`import flask` + `flask.request`
is module-imports). A detector must follow the request object and its containers through names, not spellings."""

import ast

from .names import SCOPES, all_names, fresh, function_locals

# A request's containers of client data, and the name a model gives each when it keeps it in a variable.
CONTAINERS = {
    "args": "args",
    "form": "form",
    "values": "values",
    "files": "files",
    "cookies": "cookies",
    "headers": "headers",
    "json": "payload",
    "data": "body",
    "GET": "query",
    "POST": "post_data",
    "COOKIES": "cookies",
    "FILES": "files",
    "META": "meta",
    "query_params": "params",
}

BLOCKS = ("body", "orelse", "finalbody")


def _is_container(node, request_name):
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and node.attr in CONTAINERS
        and isinstance(node.value, ast.Name)
        and node.value.id == request_name
    )


def _uses(node, request_name, attribute):
    """Whether `request.<attribute>` is read in node, outside nested scopes."""
    pending = [node]
    while pending:
        current = pending.pop()
        if _is_container(current, request_name) and current.attr == attribute:
            return True
        pending.extend(child for child in ast.iter_child_nodes(current) if not isinstance(child, SCOPES))
    return False


def _headers(statement):
    """The expressions a compound statement evaluates before entering its blocks."""
    if isinstance(statement, (ast.If, ast.While)):
        return [statement.test]
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.iter]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in statement.items]
    if isinstance(statement, ast.Match):
        return [statement.subject]
    return None


def _sub_blocks(statement):
    blocks = [getattr(statement, field) for field in BLOCKS if isinstance(getattr(statement, field, None), list)]
    if isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
        blocks += [handler.body for handler in statement.handlers]
    if isinstance(statement, ast.Match):
        blocks += [case.body for case in statement.cases]
    return [block for block in blocks if block and isinstance(block[0], ast.stmt)]


class _Replace(ast.NodeTransformer):
    def __init__(self, request_name, attribute, alias):
        self.request_name = request_name
        self.attribute = attribute
        self.alias = alias

    def visit_Attribute(self, node):
        if _is_container(node, self.request_name) and node.attr == self.attribute:
            return ast.copy_location(ast.Name(self.alias, ast.Load()), node)
        return self.generic_visit(node)

    def generic_visit(self, node):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [self.visit(v) if isinstance(v, ast.AST) and not isinstance(v, SCOPES) else v for v in value]
            elif isinstance(value, ast.AST) and not isinstance(value, SCOPES):
                setattr(node, field, self.visit(value))
        return node


def _alias_in_block(block, request_name, attribute, taken):
    """Alias the first read of `request.<attribute>` in the innermost block that reads it directly: the assignment
    goes right before that statement, and the statement and the ones after it read the alias."""
    for index, statement in enumerate(block):
        if not _uses(statement, request_name, attribute):
            continue
        headers = _headers(statement)
        nested = _sub_blocks(statement)
        if (headers is None and nested) or (headers is not None and not any(_uses(h, request_name, attribute) for h in headers)):
            for inner in nested:
                if _alias_in_block(inner, request_name, attribute, taken):
                    return True
            return False
        alias = fresh(CONTAINERS[attribute], taken)
        assign = ast.Assign(
            targets=[ast.Name(alias, ast.Store())],
            value=ast.Attribute(ast.Name(request_name, ast.Load()), attribute, ast.Load()),
        )
        replace = _Replace(request_name, attribute, alias)
        block[index:] = [ast.copy_location(assign, statement)] + [replace.visit(s) for s in block[index:]]
        return True
    return False


def alias_request(tree):
    taken = all_names(tree)
    changed = False
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local, _ = function_locals(function)
        parameters = {a.arg for a in function.args.args + function.args.posonlyargs + function.args.kwonlyargs}
        # the request is the module's `request` or a view's `request` parameter, never one the function assigns
        if "request" in local and "request" not in parameters:
            continue
        for attribute in CONTAINERS:
            if _alias_in_block(function.body, "request", attribute, taken):
                changed = True
    return tree if changed else None


def alias_request_import(tree):
    """`from <framework> import request` → `... import request as req`, with every read of the module's `request`
    renamed; functions that bind their own `request` (a Django view's parameter) keep theirs."""
    imported = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] != "urllib":
            for alias in node.names:
                if alias.name == "request" and alias.asname is None:
                    imported = True
    stored = any(isinstance(n, ast.Name) and n.id == "request" and not isinstance(n.ctx, ast.Load) for n in ast.walk(tree))
    if not imported or stored:
        return None
    name = fresh("req", all_names(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] != "urllib":
            for alias in node.names:
                if alias.name == "request" and alias.asname is None:
                    alias.asname = name

    def rename(nodes):
        pending = list(nodes)
        while pending:
            node = pending.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                local = function_locals(node)[0] if not isinstance(node, ast.Lambda) else {a.arg for a in node.args.args}
                if "request" in local:
                    pending.extend(node.decorator_list if not isinstance(node, ast.Lambda) else [])
                    continue
            if isinstance(node, ast.Name) and node.id == "request":
                node.id = name
            pending.extend(ast.iter_child_nodes(node))

    rename(tree.body)
    return tree
