import { describe, expect, it } from 'vitest';

import { loadDataset, resolveDatasetsDirectory } from '../datasets/index.js';
import { classifyRun } from './classify.js';
import { planModules } from './module-plan.js';

describe('planModules', () => {
  it('finds the module names a test imports, skipping the standard library and known libraries', () => {
    const plan = planModules(
      [
        'import unittest, os.path',
        'from unittest.mock import patch',
        'import flask',
        'import your_module  # the code under test',
        'from my_flask_app import app as application',
        'from utils.helpers import x',
        "@patch('requests.get')",
        "@patch('other_module.smtplib.SMTP')",
        "with patch('builtins.open'), patch('__main__.x'):",
      ].join('\n'),
    );
    expect(plan).toEqual({
      layout: 'import',
      moduleNames: ['your_module', 'my_flask_app', 'utils', 'other_module'],
      styles: ['import', 'from-import', 'patch-target'],
    });
  });

  it('treats a test without imports of the code as one file with it', () => {
    expect(planModules('import unittest\nclass T(unittest.TestCase):\n    pass\n')).toEqual({
      layout: 'top-level',
      moduleNames: [],
      styles: ['bare-names'],
    });
    expect(planModules("from app import *\nx = patch('app.db')")).toMatchObject({
      layout: 'import',
      moduleNames: ['app'],
      styles: ['star-import', 'patch-target'],
    });
  });

  it('plans every PythonSecurityEval unit test', async () => {
    const directory = resolveDatasetsDirectory(undefined, { ...process.env, FDSP_DATASETS: undefined }).directory;
    const dataset = await loadDataset('pythonsecurityeval', directory);
    const plans = dataset.tasks.flatMap((task) => (task.unitTest ? [planModules(task.unitTest.text)] : []));
    expect(plans).toHaveLength(458);
    const layouts = { import: 0, 'top-level': 0 };
    for (const plan of plans) layouts[plan.layout] += 1;
    // Measured on the dataset: most tests call the code's names bare; the rest import it under ~40 names.
    expect(layouts['top-level']).toBeGreaterThan(200);
    expect(layouts.import).toBeGreaterThan(200);
    const names = new Set(plans.flatMap((plan) => plan.moduleNames));
    expect(names).toContain('your_module');
    expect(names).toContain('my_module');
    expect(names).not.toContain('flask');
    expect(names).not.toContain('mysql');
  });
});

describe('classifyRun', () => {
  const report = { phase: 'done' as const, testsRun: 3, failures: 0, errors: 0, skipped: 0, details: [] };
  const base = { timedOut: false, exitCode: 0, signal: null };

  it('maps reports and exits to outcomes', () => {
    expect(classifyRun({ ...base, report }).outcome).toBe('pass');
    expect(classifyRun({ ...base, report: { ...report, failures: 1 } }).outcome).toBe('fail');
    expect(classifyRun({ ...base, report: { ...report, failures: 1, errors: 1 } }).outcome).toBe('error');
    expect(classifyRun({ ...base, report: { ...report, testsRun: 0 } }).outcome).toBe('error');
    expect(classifyRun({ ...base, report: { ...report, errors: 1, memoryError: true } }).outcome).toBe('killed');
    expect(classifyRun({ ...base, timedOut: true, report: undefined }).outcome).toBe('timeout');
    expect(classifyRun({ ...base, exitCode: 152, report: undefined }).reason).toBe('CPU-time limit reached');
    expect(classifyRun({ ...base, exitCode: 137, report: undefined }).reason).toBe('killed by SIGKILL');
    expect(classifyRun({ ...base, exitCode: 3, report: undefined }).outcome).toBe('error');
    expect(classifyRun({ ...base, exitCode: 0, report: 'garbage' }).reason).toContain('unreadable report');
    const candidateError = { type: 'SyntaxError', message: 'invalid syntax', traceback: '' };
    expect(classifyRun({ ...base, report: { ...report, phase: 'candidate', error: candidateError } })).toMatchObject({
      outcome: 'error',
      reason: 'code did not import: SyntaxError: invalid syntax',
    });
  });
});
