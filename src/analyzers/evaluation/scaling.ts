// A synthetic module of N small functions for the scaling line of `eval:analyzers`: each function reads request data,
// validates it, and reaches a sink, so the engine does real work per function (guards, helpers, sinks) rather than
// skipping empty bodies. Pure: N in, Python text out.
const shapes: readonly ((index: number) => string)[] = [
  (index) => `@app.route("/read/${String(index)}")
def read_${String(index)}():
    name = request.args.get("name", "")
    if not name.isalnum():
        abort(400)
    path = os.path.join(BASE, name)
    with open(path) as handle:
        return handle.read()
`,
  (index) => `def query_${String(index)}(connection, user_id):
    cursor = connection.cursor()
    cursor.execute("SELECT name FROM users WHERE id = %s", (user_id,))
    rows = [row[0] for row in cursor.fetchall()]
    return ",".join(rows)
`,
  (index) => `def helper_${String(index)}(value):
    cleaned = value.strip().lower()
    if cleaned in ALLOWED:
        return cleaned
    return None
`,
  (index) => `@app.route("/go/${String(index)}")
def go_${String(index)}():
    target = request.args.get("next", "/")
    checked = helper_${String(index - 2)}(target) if ${String(index)} > 2 else None
    if checked is None:
        return redirect("/")
    return redirect(url_for("index", page=checked))
`,
];

export function syntheticModule(functions: number): string {
  const header = [
    'import os',
    'from flask import Flask, abort, redirect, request, url_for',
    '',
    'app = Flask(__name__)',
    'BASE = "/srv/files"',
    'ALLOWED = {"a", "b", "c"}',
    '',
    '',
  ].join('\n');
  const bodies: string[] = [];
  for (let index = 0; index < functions; index++) {
    const shape = shapes[index % shapes.length];
    if (shape) bodies.push(shape(index));
  }
  return `${header}${bodies.join('\n\n')}`;
}
