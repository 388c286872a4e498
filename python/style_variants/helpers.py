"""extract-helper: a dangerous call moves into a module-level helper, `def _do_system(arg_1): return os.system(arg_1)`,
and the call site calls the helper. Models that write small functions put the sink one call away from the request
data; a detector must carry the sink through the helper (summaries), not only see it inline.

Meaning is kept: the helper is defined before the top-level statement that uses it and runs the same call on the same
values; a method call passes its receiver (`cursor.execute(q)` → `_do_execute(cursor, q)`); `eval`/`exec` with one
argument take the caller's `globals()` and `locals()`, which is what they read by default. A callee whose name the
helper could not see (a local import, a local function) is left inline, and so is a call with `*args` or `**kwargs`."""

import ast

from .names import ScopedTransformer, all_names, dotted, fresh, module_bindings

# Module functions whose call is a sink, by qualified name.
SINK_FUNCTIONS = frozenset(
    {
        "os.system", "os.popen", "os.execl", "os.execv", "os.execvp", "os.spawnl", "os.chmod", "os.remove",
        "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
        "subprocess.getoutput", "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec",
        "pickle.loads", "pickle.load", "marshal.loads", "dill.loads", "jsonpickle.decode",
        "yaml.load", "yaml.unsafe_load", "yaml.full_load",
        "flask.redirect", "flask.render_template_string", "flask.send_file", "flask.send_from_directory",
        "flask.make_response", "django.shortcuts.redirect", "jinja2.Template",
        "requests.get", "requests.post", "requests.put", "requests.delete", "requests.head", "requests.request",
        "urllib.request.urlopen", "httpx.get",
        "xml.etree.ElementTree.fromstring", "xml.etree.ElementTree.parse", "xml.etree.ElementTree.XML",
        "xml.dom.minidom.parseString", "xml.sax.parseString", "lxml.etree.fromstring", "lxml.etree.parse",
        "lxml.etree.XML",
        "hashlib.md5", "hashlib.sha1", "hashlib.new", "tarfile.open", "zipfile.ZipFile", "jwt.decode",
        "tempfile.mktemp", "random.randint", "random.choice", "random.random", "shutil.copy", "shutil.rmtree",
        "ldap.initialize", "socket.socket",
    }
)

# Builtins whose call is a sink.
SINK_BUILTINS = frozenset({"open", "eval", "exec", "__import__", "compile"})

# Methods whose call is a sink whatever the receiver (a cursor, an archive, a connection, a logger).
SINK_METHODS = frozenset(
    {"execute", "executemany", "executescript", "raw", "extractall", "extract", "search_s", "write"}
)

# Builtins that read the caller's frame when called with one argument.
FRAME_READERS = frozenset({"eval", "exec"})


class _Extract(ScopedTransformer):
    def __init__(self, tree):
        super().__init__()
        self.bindings = module_bindings(tree)
        self.taken = all_names(tree)
        self.helpers = []

    def visit_Call(self, node):
        self.generic_visit(node)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return node
        receiver = None
        name = dotted(node.func)
        root = name.split(".")[0] if name else None
        if root is not None and not self.local(root) and root in self.bindings and self.bindings[root]:
            qualified = self.bindings[root] + name[len(root):]
            if qualified not in SINK_FUNCTIONS:
                return self._method(node)
            attribute = qualified.rsplit(".", 1)[-1]
        elif isinstance(node.func, ast.Name) and node.func.id in SINK_BUILTINS and not self.local(node.func.id):
            if node.func.id in self.bindings:
                return node
            attribute = node.func.id
        else:
            return self._method(node)
        return self._helper(node, attribute, receiver)

    def _method(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr in SINK_METHODS:
            return self._helper(node, node.func.attr, node.func.value)
        return node

    def _helper(self, node, attribute, receiver):
        keywords = [k.arg for k in node.keywords]
        root = dotted(node.func)
        if receiver is None and root and root.split(".")[0] in keywords:
            return node
        helper = fresh(f"_do_{attribute.strip('_')}", self.taken)
        # the helper's parameters are its own scope: they only must not hide the callee's module or a keyword
        own = set(keywords) | ({root.split(".")[0]} if root else set())
        parameters = []
        if receiver is not None:
            parameters.append(fresh("target", own))
        positional = [fresh(f"arg_{i + 1}", own) for i in range(len(node.args))]
        parameters += positional
        frame = []
        if isinstance(node.func, ast.Name) and node.func.id in FRAME_READERS and len(node.args) == 1 and not keywords:
            frame = [fresh("scope_globals", own), fresh("scope_locals", own)]
        func = ast.Attribute(ast.Name(parameters[0], ast.Load()), node.func.attr, ast.Load()) if receiver is not None else node.func
        inner = ast.Call(
            func=func,
            args=[ast.Name(p, ast.Load()) for p in positional + frame],
            keywords=[ast.keyword(k, ast.Name(k, ast.Load())) for k in keywords],
        )
        definition = ast.FunctionDef(
            name=helper,
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg(p) for p in parameters + frame],
                kwonlyargs=[ast.arg(k) for k in keywords],
                kw_defaults=[None] * len(keywords),
                defaults=[],
            ),
            body=[ast.Return(inner)],
            decorator_list=[],
            returns=None,
        )
        self.helpers.append(definition)
        arguments = ([receiver] if receiver is not None else []) + list(node.args)
        if frame:
            arguments += [ast.Call(ast.Name(n, ast.Load()), [], []) for n in ("globals", "locals")]
        call = ast.Call(ast.Name(helper, ast.Load()), arguments, [ast.keyword(k.arg, k.value) for k in node.keywords])
        return ast.copy_location(call, node)


def extract_helper(tree):
    extractor = _Extract(tree)
    body = []
    for statement in tree.body:
        before = len(extractor.helpers)
        statement = extractor.visit(statement)
        # a helper is defined right before the first top-level statement that calls it, so module-level code that
        # runs the call finds it, and so does any function defined there
        body.extend(extractor.helpers[before:])
        body.append(statement)
    if not extractor.helpers:
        return None
    tree.body = body
    return tree
