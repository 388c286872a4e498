"""keyword-arguments: the leading arguments of well-known APIs passed by keyword instead of by position, or by
position when the file passed them by keyword: `subprocess.run(args=cmd, shell=True)`, `open(file=p, mode="w")`,
`yaml.load(stream=s, Loader=yaml.Loader)`. A sink rule must read an argument by its parameter, not its position.

Only APIs whose parameter names are known are rewritten; each entry lists the parameters that may be passed either way,
in order (positional-only parameters, like `pickle.loads(data, /)` or sqlite3's `execute(sql, parameters, /)`, are not
here: naming them is a TypeError)."""

import ast

from .names import ScopedTransformer, dotted, module_bindings

PARAMETERS = {
    "subprocess.run": ("args",),
    "subprocess.call": ("args",),
    "subprocess.check_call": ("args",),
    "subprocess.check_output": ("args",),
    "subprocess.Popen": ("args", "bufsize", "executable"),
    "subprocess.getoutput": ("cmd",),
    "subprocess.getstatusoutput": ("cmd",),
    "os.system": ("command",),
    "os.popen": ("cmd", "mode", "buffering"),
    "os.chmod": ("path", "mode"),
    "open": ("file", "mode", "buffering", "encoding"),
    "io.open": ("file", "mode", "buffering", "encoding"),
    "yaml.load": ("stream", "Loader"),
    "yaml.dump": ("data", "stream", "Dumper"),
    "requests.get": ("url", "params"),
    "requests.post": ("url", "data", "json"),
    "requests.put": ("url", "data"),
    "requests.patch": ("url", "data"),
    "requests.delete": ("url",),
    "requests.head": ("url",),
    "requests.request": ("method", "url"),
    "urllib.request.urlopen": ("url", "data", "timeout"),
    "hashlib.new": ("name", "data"),
    "hashlib.pbkdf2_hmac": ("hash_name", "password", "salt", "iterations", "dklen"),
    "hmac.new": ("key", "msg", "digestmod"),
    "tarfile.open": ("name", "mode", "fileobj"),
    "xml.etree.ElementTree.fromstring": ("text", "parser"),
    "xml.etree.ElementTree.XML": ("text", "parser"),
    "xml.etree.ElementTree.parse": ("source", "parser"),
    "flask.redirect": ("location", "code"),
    "flask.render_template_string": ("source",),
    "flask.send_file": ("path_or_file", "mimetype"),
    "flask.send_from_directory": ("directory", "path"),
    "jwt.decode": ("jwt", "key", "algorithms"),
    "jwt.encode": ("payload", "key", "algorithm"),
    "tempfile.mkstemp": ("suffix", "prefix", "dir"),
    "shutil.copy": ("src", "dst"),
    "ssl.wrap_socket": ("sock", "keyfile", "certfile"),
}


class _Keywords(ScopedTransformer):
    def __init__(self, tree):
        super().__init__()
        self.bindings = module_bindings(tree)
        self.count = 0

    def _qualified(self, func):
        name = dotted(func)
        if name is None:
            return None
        root = name.split(".")[0]
        if self.local(root):
            return None
        if root not in self.bindings:
            return name if name == "open" else None
        binding = self.bindings[root]
        return binding + name[len(root):] if binding else None

    def visit_Call(self, node):
        self.generic_visit(node)
        parameters = PARAMETERS.get(self._qualified(node.func) or "")
        if parameters is None or any(isinstance(a, ast.Starred) for a in node.args):
            return node
        named = {k.arg for k in node.keywords}
        if node.args and len(node.args) <= len(parameters):
            names = parameters[: len(node.args)]
            if named & set(names):
                return node
            node.keywords = [ast.keyword(n, a) for n, a in zip(names, node.args)] + node.keywords
            node.args = []
            self.count += 1
        elif not node.args:
            # by keyword → by position, for the longest prefix of the parameters the call names
            prefix = 0
            while prefix < len(parameters) and parameters[prefix] in named:
                prefix += 1
            # moved only when the call already names them first and in order: arguments run in the order written
            if prefix == 0 or [k.arg for k in node.keywords[:prefix]] != list(parameters[:prefix]):
                return node
            by_name = {k.arg: k.value for k in node.keywords}
            node.args = [by_name[n] for n in parameters[:prefix]]
            node.keywords = [k for k in node.keywords if k.arg not in parameters[:prefix]]
            self.count += 1
        return node


def keyword_arguments(tree):
    rewriter = _Keywords(tree)
    tree = rewriter.visit(tree)
    return tree if rewriter.count else None
