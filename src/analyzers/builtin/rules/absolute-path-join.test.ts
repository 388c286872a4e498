import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

const flask = 'from flask import Flask, request\nimport os\napp = Flask(__name__)\n';

describe('".." check before an absolute join (FDSP-PY-CHECK-008)', () => {
  const id = 'FDSP-PY-CHECK-008';
  it('flags a "../" check on a header value joined with several parts', () => {
    const code = `${flask}@app.route("/t")\ndef t():\n    theme = request.headers.get("X-Theme", "")\n    if "../" in theme:\n        return "no", 400\n    return open(os.path.join("/srv", "themes", theme), "rb").read()\n`;
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    ['a leading-slash check', 'if ".." in name or name.startswith("/"):'],
    ['a basename of the name', 'name = os.path.basename(name)\n    if ".." in name:'],
  ])('does not flag %s', (_shape, check) => {
    const code = `${flask}@app.route("/t")\ndef t():\n    name = request.args["n"]\n    ${check}\n        return "no", 400\n    return open(os.path.join("/srv/t", name)).read()\n`;
    expect(ruleIds(code, id)).toEqual([]);
  });
});
