import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBanditEngine, type BanditEngine } from '../analyzers/bandit/index.js';
import { chooseCode, definedCount, definesName, extractPython } from './extract-python.js';

// Replies written in the styles models use: chatty GPT answers, bare CodeLlama completions, several blocks, cut-offs.
const fence = '```';

const gptStyle = `Sure! Here's a secure version of the function that uses parameterized queries to prevent SQL injection:

${fence}python
import sqlite3


def get_user(db_path, username):
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.execute("SELECT * FROM users WHERE name = ?", (username,))
        return cursor.fetchone()
    finally:
        conn.close()
${fence}

### Explanation
1. **Parameterized query**: the \`?\` placeholder lets the driver escape \`username\`.
2. The connection is always closed.`;

const severalBlocks = `To install the dependency:

${fence}bash
pip install flask
${fence}

Here is the helper:

${fence}python
def sanitize(name):
    return name.strip()
${fence}

And the endpoint that was asked for:

${fence}python
from flask import Flask, request, escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    return "Hello " + escape(name)
${fence}

Example usage:

${fence}python
print(hello())
${fence}`;

const untagged = `${fence}
import os

def list_files(directory):
    return os.listdir(directory)
${fence}`;

const unfenced = `Here is the code:
import subprocess


def run(command_args):
    # no shell: arguments are passed as a list
    return subprocess.run(command_args, check=True, capture_output=True)

This avoids shell injection because shell=False is the default.`;

const bareCompletion = `import hashlib

def hash_password(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100000)
`;

const truncated = `Here's the implementation:

${fence}python
import yaml

def load_config(path):
    with open(path) as handle:
        return yaml.safe_load(handle)

def save_config(path, data):
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, default_flow_style=`;

const proseOnly = `I'm sorry, but I can't help with creating code that bypasses authentication. If you are testing your own
system, consider using an established framework such as Django's auth module. Let me know if you want guidance on that.`;

const brokenCode = `${fence}python
def broken(x)
    return x +
${fence}`;

const tildes = `~~~py
value = 1
print(value)
~~~`;

const windowsLineEndings = `${fence}python\r\nimport os\r\nprint(os.getcwd())\r\n${fence}\r\n`;

describe('chooseCode (pure)', () => {
  it('takes the python block out of a chatty answer', () => {
    const result = chooseCode(gptStyle);
    expect(result.source).toBe('fenced');
    expect(result.code).toMatch(/^import sqlite3\n/);
    expect(result.code).toContain('conn.close()');
    expect(result.code).not.toContain('Explanation');
  });

  it('chooses the block that defines the expected name among several', () => {
    const result = chooseCode(severalBlocks, 'hello');
    expect(result.code).toContain('def hello():');
    expect(result.code).not.toContain('pip install');
    expect(result.blockCount).toBe(3);
  });

  it('chooses the longest closed python block when no name is given, never the shell block', () => {
    const result = chooseCode(severalBlocks);
    expect(result.code).toContain('app = Flask(__name__)');
  });

  it('with several expected names, prefers the block defining the most of them over a longer one', () => {
    const reply = [
      'The fixed module:',
      `${fence}python\nimport yaml\n\n\ndef load(path):\n    return yaml.safe_load(open(path))\n\n\ndef save(path, data):\n    yaml.safe_dump(data, open(path, 'w'))\n${fence}`,
      'Only the loader changed:',
      `${fence}python\ndef load(path):\n    with open(path) as handle:\n        return yaml.safe_load(handle)\n${fence}`,
      'And a long usage example:',
      `${fence}python\nfrom module import load, save\n\nfor name in ['a.yaml', 'b.yaml', 'c.yaml']:\n    data = load(name)\n    data['seen'] = True\n    save(name, data)\n    print(name, 'updated with', len(data), 'keys')\n${fence}`,
    ].join('\n');
    expect(chooseCode(reply).code).toContain('for name in');
    expect(chooseCode(reply, ['load', 'save']).code).toContain('def save(path, data):');
    expect(chooseCode(reply, ['load', 'missing']).code).toContain('def load(path):');
    expect(chooseCode(reply, ['missing']).code).toContain('for name in');
  });

  it('falls back to the longest block when the expected name is defined nowhere', () => {
    expect(chooseCode(severalBlocks, 'missing_function').code).toContain('def hello():');
  });

  it('accepts untagged fences and tilde fences', () => {
    expect(chooseCode(untagged).code).toContain('def list_files(directory):');
    expect(chooseCode(tildes).code).toBe('value = 1\nprint(value)\n');
  });

  it('normalizes CRLF line endings', () => {
    expect(chooseCode(windowsLineEndings).code).toBe('import os\nprint(os.getcwd())\n');
  });

  it('cuts unfenced code out of surrounding prose', () => {
    const result = chooseCode(unfenced);
    expect(result.source).toBe('unfenced');
    expect(result.code).toMatch(/^import subprocess\n/);
    expect(result.code).toContain('capture_output=True)');
    expect(result.code).not.toContain('This avoids');
    expect(result.code).not.toContain('Here is the code');
  });

  it('takes a bare completion whole', () => {
    expect(chooseCode(bareCompletion).code).toBe(bareCompletion);
  });

  it('marks a fence cut off by max tokens as not closed', () => {
    const result = chooseCode(truncated);
    expect(result.closed).toBe(false);
    expect(result.code).toContain('def save_config');
  });

  it('finds no code in a refusal', () => {
    expect(chooseCode(proseOnly)).toMatchObject({ source: 'none', code: '' });
  });

  it('finds no python when the only block is shell', () => {
    expect(chooseCode(`Run:\n${fence}sh\npip install requests\n${fence}`).source).toBe('none');
  });
});

describe('extractPython with the real Python syntax checker', () => {
  let engine: BanditEngine;
  beforeAll(() => {
    engine = createBanditEngine({ concurrency: 1 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('returns ok for code that parses', async () => {
    const result = await extractPython(gptStyle, { checker: engine });
    expect(result).toMatchObject({ status: 'ok', syntaxChecked: true, source: 'fenced' });
  });

  it('returns syntax-error with the line for code that does not parse', async () => {
    const result = await extractPython(brokenCode, { checker: engine });
    expect(result.status).toBe('syntax-error');
    expect(result.syntaxError?.line).toBe(1);
    expect(result.code).toContain('def broken(x)');
  });

  it('returns truncated for a cut-off fence and records the parse failure', async () => {
    const result = await extractPython(truncated, { checker: engine });
    expect(result.status).toBe('truncated');
    expect(result.syntaxError).toBeDefined();
  });

  it('returns ok for unfenced code and no-code for prose', async () => {
    expect((await extractPython(unfenced, { checker: engine })).status).toBe('ok');
    expect(await extractPython(proseOnly, { checker: engine })).toMatchObject({
      status: 'no-code',
      syntaxChecked: false,
    });
  });
});

describe('extractPython with any checker', () => {
  it('passes the chosen code to the checker and trusts its verdict', async () => {
    const seen: string[] = [];
    const checker = {
      checkSyntax: (code: string) => {
        seen.push(code);
        return Promise.resolve({ ok: false, message: 'checker says no', line: 2 });
      },
    };
    const result = await extractPython(untagged, { checker });
    expect(seen).toEqual([chooseCode(untagged).code]);
    expect(result).toMatchObject({ status: 'syntax-error', syntaxError: { message: 'checker says no', line: 2 } });
  });

  it('without a checker reports ok and says it did not check', async () => {
    expect(await extractPython(brokenCode)).toMatchObject({ status: 'ok', syntaxChecked: false });
  });
});

describe('definedCount', () => {
  // One scan per block must give what one regular expression per name gives, on shapes well beyond plain code.
  const codes = [
    'def handle(value):\n    return value\n',
    'class Handler:\n    def handle(self):\n        pass\n',
    '  async   def   fetch_url(url):\n\tpass\n',
    'def\nclass foo:\n    pass\n',
    'def\n\n  handle(x): pass\n',
    'x = 1\r\ndef handle():\r\n    pass\r\n',
    'def handle_more(): pass\ndef handles(): pass\n',
    '\u00a0def handle(): pass\n',
    'class\u2028handle: pass\n',
    '# def handle(): a comment\n"""\ndef handle(): in a docstring\n"""\n',
    'async def\thandle(): pass\nasyncdef other(): pass\n',
    'def café(): pass\ndef handle.attr(): pass\n',
    '',
  ];
  const names = ['handle', 'foo', 'fetch_url', 'Handler', 'handles', 'other', 'café', 'handle.attr', 'class', 'def'];
  it.each(codes.map((code) => [JSON.stringify(code), code]))('counts as definesName does for %s', (_label, code) => {
    for (const name of names) expect(definedCount(code, [name])).toBe(definesName(code, name) ? 1 : 0);
    expect(definedCount(code, names)).toBe(names.filter((name) => definesName(code, name)).length);
  });
});
