// Per-parameter return transforms: a helper that cleans one argument and passes another through cleans only the
// first, and an argument that never reaches the return value carries nothing into it.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const prelude = `from flask import Flask, request, make_response
import html
import sqlite3
app = Flask(__name__)
cursor = sqlite3.connect("d").cursor()


def card(title, body):
    return "<h2>" + html.escape(title) + "</h2>" + body


def pick(first, second):
    return first
`;

function rulesAt(handler: string): string[] {
  const text = `${prelude}\n\n@app.route("/x")\ndef view():\n${handler}\n`;
  const line = text.split('\n').length - 1;
  return scanSource('app.py', text)
    .filter((finding) => finding.line === line)
    .map((finding) => finding.ruleId);
}

describe('per-parameter return transforms in summaries', () => {
  it('cleans only the argument the helper escapes', () => {
    expect(rulesAt('    return make_response(card(request.args["t"], "<p>fixed</p>"))')).not.toContain(
      'FDSP-PY-XSS-001',
    );
    expect(rulesAt('    return make_response(card("Title", request.args["b"]))')).toContain('FDSP-PY-XSS-001');
  });

  it('carries nothing from an argument that does not reach the return value', () => {
    expect(rulesAt('    cursor.execute("SELECT " + pick("name", request.args["q"]))')).not.toContain(
      'FDSP-PY-SQLI-001',
    );
    expect(rulesAt('    cursor.execute("SELECT " + pick(request.args["q"], "name"))')).toContain('FDSP-PY-SQLI-001');
  });
});
