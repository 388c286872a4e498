import { describe, expect, it } from 'vitest';

import { checkGuards } from './guards.js';

const original = `import sqlite3


def get_user(connection, name):
    """Return the user row."""
    cursor = connection.cursor()
    query = "SELECT * FROM users WHERE name = '%s'" % name
    cursor.execute(query)
    row = cursor.fetchone()
    return row
`;

const fixed = `import sqlite3


def get_user(connection, name):
    """Return the user row."""
    cursor = connection.cursor()
    cursor.execute("SELECT * FROM users WHERE name = ?", (name,))
    row = cursor.fetchone()
    return row
`;

function kinds(candidate: string): string[] {
  return checkGuards(original, candidate).violations.map((violation) => violation.kind);
}

describe('checkGuards', () => {
  it('passes a genuine repair', () => {
    expect(checkGuards(original, fixed)).toEqual({ passed: true, violations: [] });
  });

  it('rejects added suppressions, but not ones already present', () => {
    expect(kinds(original.replace('% name', '% name  # nosec'))).toEqual(['suppression-added']);
    expect(kinds(original.replace('% name', '% name  # noqa: S608'))).toEqual(['suppression-added']);
    const alreadySuppressed = original.replace('% name', '% name  # nosec');
    expect(checkGuards(alreadySuppressed, alreadySuppressed).passed).toBe(true);
  });

  it('rejects a deleted or renamed function', () => {
    expect(kinds(fixed.replace('def get_user', 'def fetch_user'))).toContain('function-removed');
  });

  it.each([
    ['pass', '    pass\n'],
    ['ellipsis', '    ...\n'],
    ['NotImplementedError', '    raise NotImplementedError("later")\n'],
  ])('rejects a body replaced by %s', (_label, body) => {
    const stubbed = `import sqlite3\n\n\ndef get_user(connection, name):\n    """Return the user row."""\n${body}`;
    expect(kinds(stubbed)).toContain('body-stubbed');
  });

  it('accepts a function that was a stub to begin with', () => {
    const stub = 'def todo():\n    pass\n';
    expect(checkGuards(stub, stub).passed).toBe(true);
  });

  it('rejects losing more than half the statements, and accepts keeping at least half', () => {
    // 7 statements: the def, five assignments, the return.
    const base = 'def f(x):\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    e = 5\n    return x\n';
    const keepsThree = 'def f(x):\n    a = 1\n    return x\n';
    const keepsFour = 'def f(x):\n    a = 1\n    b = 2\n    return x\n';
    expect(checkGuards(base, keepsThree).violations.map((violation) => violation.kind)).toEqual(['statements-lost']);
    expect(checkGuards(base, keepsFour).passed).toBe(true);
  });
});
