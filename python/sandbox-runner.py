"""Runs one unittest suite or pytest file against candidate code, inside the fdsp sandbox (bubblewrap).

Trusted code: it sets the resource limits before any candidate code runs, loads the candidate under the module
names the test imports, runs the test classes (or pytest, with its per-test outcomes and markers) and writes one
JSON report to the report fd. Candidate output goes
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
CASES_KEPT = 500
MESSAGE_LIMIT = 500
NAME_LIMIT = 200


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


def run_pytest(config, report):
    """The test file under pytest; per test: outcome, markers, parameters and the assertion message (never the test
    source: `--assert=plain` keeps pytest from rewriting asserts into messages that quote it)."""
    report["phase"] = "test-import"
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only pytest itself, whatever else is installed
    try:
        import pytest
    except BaseException as error:
        report["error"] = describe(error)
        return
    deselect = re.compile(config["deselect"]) if config.get("deselect") else None
    cases = {}
    collection_errors = []

    def case_of(item):
        params = getattr(getattr(item, "callspec", None), "params", {})
        return {
            "name": item.name[:NAME_LIMIT],
            "function": getattr(item, "originalname", None) or item.name.split("[", 1)[0],
            "markers": sorted({mark.name for mark in item.iter_markers()} - {"parametrize", "usefixtures"}),
            "parameters": {key: repr(value)[:200] for key, value in params.items()},
            "outcome": "passed",
            "message": "",
            "traceback": "",
        }

    class Collector:
        def pytest_collectreport(self, report):
            if report.failed:
                collection_errors.append(report.longreprtext[-DETAIL_LIMIT:])

        def pytest_collection_modifyitems(self, session, config, items):
            if deselect is None:
                return
            kept = [item for item in items if not deselect.search(case_of(item)["function"])]
            dropped = [item for item in items if deselect.search(case_of(item)["function"])]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
                items[:] = kept

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(self, item, call):
            outcome = yield
            result = outcome.get_result()
            case = cases.setdefault(item.nodeid, case_of(item))
            if result.passed or case["outcome"] != "passed":
                return
            if result.skipped:
                case["outcome"] = "skipped"
                return
            error = call.excinfo.value if call.excinfo is not None else None
            # An assertion that failed in the test body is a failure; anything else raised (or a fixture) an error.
            failed = result.when == "call" and isinstance(error, AssertionError)
            case["outcome"] = "failed" if failed else "error"
            if isinstance(error, MemoryError):
                report["memoryError"] = True
            text = str(error) if error is not None else ""
            case["message"] = (f"{type(error).__name__}: {text}" if error is not None else result.when)[:MESSAGE_LIMIT]
            case["traceback"] = result.longreprtext[-DETAIL_LIMIT:]

    arguments = [
        config["testPath"],
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:stepwise",
        "--assert=plain",
        "--rootdir",
        config["inputDirectory"],
        "--basetemp",
        os.path.join(os.getcwd(), "scratch"),
        "-W",
        "ignore::pytest.PytestUnknownMarkWarning",
    ]
    report["phase"] = "run"
    try:
        pytest.main(arguments, plugins=[Collector()])
    except BaseException as error:
        report["error"] = describe(error)
    if collection_errors:
        report["phase"] = "test-import"
        report["error"] = {"type": "CollectionError", "message": collection_errors[0][-DETAIL_LIMIT:],
                           "traceback": collection_errors[0]}
        return
    kept = list(cases.values())
    report["cases"] = kept[:CASES_KEPT]
    report["testsRun"] = len(kept)
    report["failures"] = sum(case["outcome"] == "failed" for case in kept)
    report["errors"] = sum(case["outcome"] == "error" for case in kept)
    report["skipped"] = sum(case["outcome"] == "skipped" for case in kept)
    for case in [case for case in kept if case["outcome"] in ("failed", "error")][:DETAILS_KEPT]:
        kind = "failure" if case["outcome"] == "failed" else "error"
        report["details"].append({"kind": kind, "test": case["name"], "traceback": case["traceback"][-DETAIL_LIMIT:]})
    if "error" not in report:
        report["phase"] = "done"


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
    # fdsp's pinned extras (scripts/sandbox-requirements.txt), after Debian's own packages.
    if config.get("packagesDirectory") and os.path.isdir(config["packagesDirectory"]):
        sys.path.append(config["packagesDirectory"])
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

    if config.get("framework") == "pytest":
        run_pytest(config, report)
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
