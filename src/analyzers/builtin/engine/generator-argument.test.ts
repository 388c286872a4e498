// `f(x for x in xs)`: the generator expression is the call's one argument. Its element carries the iterable's taint
// only through the loop variables it uses, whether it is an argument or bound first.
import { describe, expect, it } from 'vitest';

import { ruleIds } from '../rules/testing.js';

const prelude = 'import sqlite3\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const handler = (body: string): string =>
  `${prelude}@app.route("/q")\ndef q():\n    names = request.args.getlist("name")\n    conn = sqlite3.connect("app.db")\n${body}`;

describe('a lone generator expression argument', () => {
  const id = 'FDSP-PY-SQLI-001';

  it.each([
    [
      'placeholders joined from a generator',
      '    marks = ",".join("?" for _ in names)\n    return str(conn.execute(f"SELECT * FROM u WHERE name IN ({marks})", names).fetchall())\n',
    ],
    [
      'placeholders formatted in place',
      '    return str(conn.execute("SELECT * FROM u WHERE name IN (%s)" % ", ".join("?" for n in names), names).fetchall())\n',
    ],
    [
      'a constant element per parameter of a plain function',
      '    return str(conn.executemany("INSERT INTO t VALUES (%s)" % ",".join("?" for _ in names[0]), names))\n',
    ],
  ])('keeps %s clean', (_shape, body) => {
    expect(ruleIds(handler(body), id)).toEqual([]);
  });

  it.each([
    [
      'the names themselves',
      '    joined = ",".join(n for n in names)\n    return str(conn.execute(f"SELECT * FROM u WHERE name IN ({joined})").fetchall())\n',
    ],
    [
      'column names from the request in an element',
      '    sets = ", ".join(f"{k} = ?" for k in names)\n    return str(conn.execute(f"UPDATE u SET {sets}").fetchall())\n',
    ],
    [
      'a generator filtered by a condition on the element',
      '    joined = ",".join(n.strip() for n in names if n)\n    return str(conn.execute("SELECT * FROM u WHERE name IN (" + joined + ")").fetchall())\n',
    ],
  ])('still reports %s', (_shape, body) => {
    expect(ruleIds(handler(body), id)).toEqual([id]);
  });
});
