"""Runs one unittest suite against candidate code, inside the fdsp sandbox (bubblewrap).

Trusted code: it sets the resource limits before any candidate code runs, loads the candidate under the module
names the test imports, runs the test classes and writes one JSON report to the report fd. Candidate output goes
to the real stdout/stderr, which the host caps. Exits with os._exit so stray non-daemon threads cannot hold it.
"""
import importlib.util
import io
import json
import os
import re
import resource
import site
import sys
import traceback
import types

DETAIL_LIMIT = 2000
DETAILS_KEPT = 10


def set_limits(limits):
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (value, value) if name != "RLIMIT_CPU" else (value, value + 1))


def describe(error):
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return {"type": type(error).__name__, "message": str(error)[:DETAIL_LIMIT], "traceback": text[-DETAIL_LIMIT:]}


def test_class_names(source):
    # Top-level classes only; a regex rather than ast keeps the start-up cost down.
    return re.findall(r"^class\s+([A-Za-z_]\w*)", source, re.MULTILINE)


def load_candidate(config):
    names = config["moduleNames"]
    primary = names[0] if names else "candidate"
    spec = importlib.util.spec_from_file_location(primary, config["candidatePath"])
    module = importlib.util.module_from_spec(spec)
    for name in [primary, *names[1:]]:
        sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main():
    config = json.loads(sys.argv[1])
    report_fd = config["reportFd"]
    report = {"phase": "setup", "testsRun": 0, "failures": 0, "errors": 0, "skipped": 0, "details": []}

    def finish():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        report["cpuMs"] = round(1000 * (usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime))
        data = json.dumps(report).encode()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        view = memoryview(data)
        while view:
            view = view[os.write(report_fd, view):]
        os._exit(0)

    set_limits(config["limits"])
    os.makedirs(os.environ.get("HOME", "/work/home"), exist_ok=True)
    # Started with -S (site's .pth processing costs start-up time): add the system package directories by hand.
    sys.path[:0] = [config["inputDirectory"], os.getcwd()]
    sys.path.extend(path for path in site.getsitepackages() if os.path.isdir(path))
    sys.argv = [config["testPath"]]
    sys.dont_write_bytecode = True
    import unittest

    with open(config["testPath"], encoding="utf-8") as handle:
        test_source = handle.read()

    report["phase"] = "candidate"
    try:
        candidate = load_candidate(config)
    except BaseException as error:  # SyntaxError, ImportError, SystemExit, MemoryError: all the candidate's
        report["error"] = describe(error)
        finish()

    report["phase"] = "test-import"
    if config["layout"] == "top-level":
        # Code and test as one file: one namespace, also reachable as __main__ for patch('__main__.x').
        test_module = candidate
    else:
        test_module = types.ModuleType("fdsp_unit_test")
        test_module.__file__ = config["testPath"]
        # Tests that import the module yet call some names bare: offer the candidate's names first.
        test_module.__dict__.update({k: v for k, v in vars(candidate).items() if not k.startswith("__")})
        sys.modules["fdsp_unit_test"] = test_module
    sys.modules["__main__"] = test_module
    try:
        exec(compile(test_source, config["testPath"], "exec"), test_module.__dict__)
    except BaseException as error:
        report["error"] = describe(error)
        finish()

    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in test_class_names(test_source):
        value = test_module.__dict__.get(name)
        if isinstance(value, type) and issubclass(value, unittest.TestCase):
            suite.addTests(loader.loadTestsFromTestCase(value))
    if suite.countTestCases() == 0:
        suite = loader.loadTestsFromModule(test_module)

    class Result(unittest.TestResult):
        memory_error = False

        def addError(self, test, err):
            if err[0] is not None and issubclass(err[0], MemoryError):
                Result.memory_error = True
            super().addError(test, err)

    report["phase"] = "run"
    result = Result()
    try:
        suite.run(result)
    except BaseException as error:  # a failure outside any test (class setup raising SystemExit, say)
        report["error"] = describe(error)
    report["testsRun"] = result.testsRun
    report["failures"] = len(result.failures)
    report["errors"] = len(result.errors)
    report["skipped"] = len(result.skipped)
    report["expectedFailures"] = len(result.expectedFailures)
    report["unexpectedSuccesses"] = len(result.unexpectedSuccesses)
    report["memoryError"] = Result.memory_error
    for kind, entries in (("error", result.errors), ("failure", result.failures)):
        for test, text in entries[:DETAILS_KEPT]:
            report["details"].append({"kind": kind, "test": test.id(), "traceback": text[-DETAIL_LIMIT:]})
    report["phase"] = "done"
    finish()


if __name__ == "__main__":
    main()
