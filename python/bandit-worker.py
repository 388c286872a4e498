"""Long-lived Bandit worker for fdsp.

Imports Bandit once, then scans snippets sent as JSON lines on stdin and answers one JSON line per request on
stdout. It drives Bandit's own per-file entry point (BanditManager._parse_file) with the snippet's bytes, so the
findings are exactly what `bandit --ignore-nosec -f json` reports for the same file, without a process or a temp file
per scan. `# nosec` is always ignored: model output must not be able to silence the oracle.

Request:  {"id": 1, "path": "a.py", "source": "<base64 of the file's bytes>", "op": "scan" | "parse"}
Answer:   {"id": 1, "status": "ok" | "syntax-error" | "error", "issues": [...], "error": {"message", "line"}}
"""

import base64
import fnmatch
import io
import json
import logging
import os
import posixpath
import sys
import types

# Keep the protocol channel private: anything Bandit or a plugin prints goes to stderr.
PROTOCOL = sys.stdout
sys.stdout = sys.stderr
logging.disable(logging.CRITICAL)

try:
    import bandit
    from bandit.core import config as bandit_config
    from bandit.core import manager as bandit_manager
    from bandit.core import metrics as bandit_metrics
except Exception as error:  # noqa: BLE001 - report any import failure to the parent
    PROTOCOL.write(json.dumps({"type": "fatal", "message": "cannot import bandit: %s" % error}) + "\n")
    PROTOCOL.flush()
    sys.exit(3)


def bandit_version():
    version = getattr(bandit, "__version__", None)
    if version:
        return str(version)
    try:
        import pkg_resources

        return pkg_resources.get_distribution("bandit").version
    except Exception:  # noqa: BLE001
        return "unknown"


def repair_constant_visitor():
    """Bandit before 1.7 has no visit_Constant: on Python >= 3.8, where every string literal is an ast.Constant, its
    string checks (B104, B105, B608, ...) never run. Later releases dispatch a str/bytes Constant to visit_Str and
    visit_Bytes; this does the same for an old Bandit and says whether it had to (the engine's identity shows it)."""
    from bandit.core import node_visitor

    visitor = node_visitor.BanditNodeVisitor
    if hasattr(visitor, "visit_Constant") or not hasattr(visitor, "visit_Str"):
        return False

    def visit_Constant(self, node):  # noqa: N802 - Bandit's dispatch name
        if isinstance(node.value, str):
            self.visit_Str(node)
        elif isinstance(node.value, bytes):
            self.visit_Bytes(node)

    visitor.visit_Constant = visit_Constant
    return True


CONSTANT_VISITOR_REPAIRED = repair_constant_visitor()


def match_blacklists_case_sensitively():
    """Bandit's blacklist test (B3xx, B4xx) calls fnmatch.fnmatch for every call site against every blacklisted
    name: a third of a million calls on the labelled corpus, each normalising both strings with os.path.normcase.
    On POSIX normcase returns its argument unchanged, so fnmatch(name, pattern) is exactly fnmatchcase(name,
    pattern) (the same compiled-pattern cache, the same errors for non-str names); calling that directly gives the
    same findings for ~7% less CPU per file (profiled with cProfile; the CLI parity test guards it). Elsewhere (Windows
    folds case) nothing changes."""
    from bandit.core import blacklisting

    if os.path.normcase is not posixpath.normcase or getattr(blacklisting, "fnmatch", None) is not fnmatch:
        return False
    blacklisting.fnmatch = types.SimpleNamespace(fnmatch=fnmatch.fnmatchcase)
    return True


BLACKLISTS_CASE_SENSITIVE = match_blacklists_case_sensitively()


def engine_version():
    """Bandit's version, marked when this worker repaired it: its findings differ from the unrepaired release's."""
    return bandit_version() + ("+constant-visitor" if CONSTANT_VISITOR_REPAIRED else "")


def make_manager():
    config = bandit_config.BanditConfig()
    return bandit_manager.BanditManager(config, "file", ignore_nosec=True)


MANAGER = make_manager()


def reset(manager):
    manager.results = []
    manager.scores = []
    manager.skipped = []
    manager.metrics = bandit_metrics.Metrics()


def parse_error(path, data):
    """The parser's own message and line, for code Bandit skipped."""
    try:
        compile(data, path, "exec", flags=0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except SyntaxError as error:
        return {"message": "%s: %s" % (type(error).__name__, error.msg), "line": error.lineno}
    except (ValueError, UnicodeDecodeError) as error:
        return {"message": "%s: %s" % (type(error).__name__, error), "line": None}
    except RecursionError:
        return {"message": "RecursionError: the code is nested too deeply for Python's parser", "line": None}
    except MemoryError:
        return {"message": "MemoryError: the parser ran out of memory", "line": None}
    return None


def issue_dict(issue):
    raw = issue.as_dict(with_code=False)
    cwe = raw.get("issue_cwe")
    return {
        "test_id": raw.get("test_id"),
        "test_name": raw.get("test_name"),
        "severity": raw.get("issue_severity"),
        "confidence": raw.get("issue_confidence"),
        "text": raw.get("issue_text"),
        "line": raw.get("line_number"),
        "line_range": raw.get("line_range") or [],
        "cwe": cwe.get("id") if isinstance(cwe, dict) else None,
    }


def scan(path, data):
    reset(MANAGER)
    files = [path]
    MANAGER._parse_file(path, io.BytesIO(data), files)
    if MANAGER.skipped:
        reason = MANAGER.skipped[0][1]
        error = parse_error(path, data)
        if error is not None:
            return {"status": "syntax-error", "error": error, "issues": []}
        return {"status": "error", "error": {"message": "bandit skipped the file: %s" % reason}, "issues": []}
    issues = MANAGER.get_issue_list()
    return {"status": "ok", "issues": [issue_dict(issue) for issue in issues]}


def loaded_tests():
    """Every test Bandit will run, with the module defining it: two installs with the same version but a different
    plugin set find different things, so this is part of the engine's identity."""
    tests = set()
    for check, functions in getattr(MANAGER.b_ts, "tests", {}).items():
        for function in functions:
            tests.add("%s %s %s.%s" % (check, getattr(function, "_test_id", "?"), function.__module__, function.__name__))
    return sorted(tests)


def identity_files():
    """Files and directories whose status changes when what this worker runs changes (an upgrade of Python or
    Bandit, a plugin installed or removed): the host compares their stat to reuse a remembered identity without
    starting Python."""
    files = {os.path.realpath(sys.executable), os.path.realpath(bandit.__file__)}
    package = os.path.dirname(os.path.realpath(bandit.__file__))
    for name in ("core", "plugins", "blacklists", "formatters"):
        files.add(os.path.join(package, name))
    for check_functions in getattr(MANAGER.b_ts, "tests", {}).values():
        for function in check_functions:
            module = sys.modules.get(function.__module__)
            if module is not None and getattr(module, "__file__", None):
                files.add(os.path.realpath(module.__file__))
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            files.add(os.path.realpath(entry))
    return sorted(path for path in files if os.path.exists(path))


def main():
    hello = {
        "type": "ready",
        "banditVersion": engine_version(),
        "python": sys.version.split()[0],
        "pythonBuild": sys.version,
        "tests": loaded_tests(),
        "identityFiles": identity_files(),
    }
    PROTOCOL.write(json.dumps(hello) + "\n")
    PROTOCOL.flush()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            data = base64.b64decode(request["source"])
            if request.get("op") == "parse":
                error = parse_error(request.get("path", "<snippet>"), data)
                answer = {"status": "ok", "issues": []} if error is None else {"status": "syntax-error", "error": error}
            else:
                answer = scan(request.get("path", "<snippet>"), data)
        except Exception as error:  # noqa: BLE001 - one bad request must not end the worker
            answer = {"status": "error", "error": {"message": "%s: %s" % (type(error).__name__, error)}, "issues": []}
        answer["id"] = request_id
        PROTOCOL.write(json.dumps(answer) + "\n")
        PROTOCOL.flush()


if __name__ == "__main__":
    main()
    # End of input is the pool closing: nothing is left to flush, and skipping the interpreter's teardown of Bandit's
    # modules saves the host tens of milliseconds of waiting per worker.
    PROTOCOL.flush()
    os._exit(0)
