// SQL and NoSQL injection (CWE-89, CWE-943): untrusted data built into a query that is executed.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument, flow, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const sqlMethods = [
  'execute',
  'executemany',
  'executescript',
  'raw',
  'mogrify',
  'read_sql',
  'read_sql_query',
  'sqlalchemy.text',
  'extra',
];

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-SQLI-001',
    name: 'sql-injection',
    cwe: 89,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is built into an SQL statement that is executed',
    fixHint:
      'Pass values as query parameters instead of formatting them into the SQL text: cursor.execute("SELECT * FROM users WHERE name = %s", (name,)) (use ? for sqlite3). Never use f-strings, %, + or .format() to build SQL.',
    flow: { sink: 'sql', parameterSources: true },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3\n@app.route("/tag")\ndef tag():\n    if (name := request.args.get("tag")) is None:\n        return "missing", 400\n    db = sqlite3.connect("blog.db")\n    return str(db.execute("SELECT id FROM posts WHERE tag = \'{}\'".format(name)).fetchall())\n',
        `${flaskPrelude}@app.route('/u')\ndef u():\n    name = request.args.get('name')\n    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")\n`,
        'import sqlite3\ndef find(conn, user_id):\n    query = "SELECT * FROM t WHERE id = %s" % user_id\n    return conn.cursor().execute(query).fetchall()\n',
        'def remove(db, name):\n    db.execute("DELETE FROM users WHERE name = \'" + name + "\'")\n',
        // the module's own class builds the statement: the sink inside its method is flagged
        `${flaskPrelude}import sqlite3\nclass Jobs:\n    def execute(self, name):\n        return sqlite3.connect("d").execute("SELECT * FROM jobs WHERE name = '" + name + "'").fetchall()\n@app.route('/j')\ndef j():\n    return str(Jobs().execute(request.args["n"]))\n`,
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3\n@app.route("/bulk")\ndef bulk():\n    ids = [int(x) for x in request.args.get("ids", "").split(",") if x.isdigit()]\n    marks = ",".join("?" for _ in ids)\n    conn = sqlite3.connect("app.db")\n    return str(conn.execute(f"SELECT * FROM items WHERE id IN ({marks})", ids).fetchall())\n',
        'def find(conn, user_id):\n    conn.cursor().execute("SELECT * FROM t WHERE id = %s", (user_id,))\n',
        // the module's own class runs the statement with a parameter; its execute is not a cursor's
        `${flaskPrelude}import sqlite3\nclass Jobs:\n    def execute(self, name):\n        return sqlite3.connect("d").execute("SELECT * FROM jobs WHERE name = ?", (name,)).fetchall()\n@app.route('/j')\ndef j():\n    return str(Jobs().execute("name = '" + request.args["n"] + "'"))\n`,
        `${flaskPrelude}@app.route('/u')\ndef u():\n    n = int(request.args.get('n'))\n    cur.execute(f"SELECT * FROM t LIMIT {n}")\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-NOSQL-001',
    name: 'nosql-injection',
    cwe: 943,
    severity: 'high',
    confidence: 'medium',
    message: 'Untrusted data is used to build a NoSQL query',
    fixHint:
      "Validate the type of every query value (e.g. str(value) or reject dicts), never build $where/JavaScript or filter expressions from input, and pass values through the driver's typed parameters (ExpressionAttributeValues for DynamoDB).",
    flow: { sink: 'nosql', parameterSources: true },
    examples: {
      vulnerable: [
        `${flaskPrelude}import json\n@app.route('/f')\ndef f():\n    q = json.loads(request.args['q'])\n    return str(db.users.find(q))\n`,
        // a collection's find with a projection, its cursor counted
        `${flaskPrelude}@app.route('/f')\ndef f():\n    return str(len(list(db.users.find(request.get_json(), {"_id": 0}))) > 0)\n`,
        `${flaskPrelude}@app.route('/f')\ndef f():\n    return str(db.users.find_one({'$where': 'this.name == "' + request.args['n'] + '"'}))\n`,
        'import boto3\nclient = boto3.client("dynamodb")\ndef get_user(username):\n    return client.get_item(TableName="users", Key={"username": {"S": username}})\n',
        `${flaskPrelude}import boto3\nfrom boto3.dynamodb.conditions import Attr\ntable = boto3.resource("dynamodb").Table("users")\n@app.route('/u')\ndef u():\n    return str(table.scan(FilterExpression=Attr(request.args["field"]).eq(request.args["v"])))\n`,
        `${flaskPrelude}import boto3\nddb = boto3.client("dynamodb")\n@app.route('/u')\ndef u():\n    sql = "SELECT * FROM users WHERE team = '" + request.args["team"] + "'"\n    return str(ddb.execute_statement(Statement=sql, Limit=10))\n`,
        'import boto3\nddb = boto3.client("dynamodb")\ndef team(name):\n    return ddb.execute_statement(Statement="SELECT * FROM users WHERE team = \'" + str(name) + "\'")\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom pymongo import MongoClient\ndb = MongoClient()["app"]\n@app.route("/find")\ndef find():\n    return str(db.users.find_one({"name": request.args.get("name")}))\n',
        'def f(db):\n    return db.users.find({"active": True})\n',
        // str.find, however its text arrived: an index compared, a start index, a string method's result searched
        `${flaskPrelude}@app.route('/s')\ndef s():\n    return str(request.args['text'].find(request.args['q']) >= 0)\n`,
        `${flaskPrelude}@app.route('/s')\ndef s():\n    body = request.get_json()\n    return str(body['text'].find(body['q'], 0))\n`,
        `${flaskPrelude}@app.route('/s')\ndef s():\n    name = request.args['name']\n    return str(name.lower().find(request.args['q']))\n`,
        `${flaskPrelude}import boto3\nfrom boto3.dynamodb.conditions import Attr, Key\ntable = boto3.resource("dynamodb").Table("users")\n@app.route('/u')\ndef u():\n    return str(table.query(KeyConditionExpression=Key("username").eq(request.args["u"]), FilterExpression=Attr("active").eq(True) & ~Attr("age").lt(int(request.args["a"]))))\n`,
        `${flaskPrelude}import boto3\nddb = boto3.client("dynamodb")\n@app.route('/u')\ndef u():\n    return str(ddb.execute_statement(Statement="SELECT * FROM users WHERE team = ?", Parameters=[{"S": request.args["team"]}]))\n`,
      ],
    },
  },
];

/** Methods whose result is a str: `name.lower().find(key)` searches text. */
const stringMethods = new Set([
  'lower',
  'upper',
  'casefold',
  'strip',
  'lstrip',
  'rstrip',
  'decode',
  'title',
  'replace',
]);

function isIntegerLike(node: PlainNode | undefined): boolean {
  return node?.type === 'integer' || (node?.type === 'unary_operator' && namedChildren(node)[0]?.type === 'integer');
}

/**
 * `str.find(sub[, start[, end]])` rather than a collection's `find(filter, projection)`: its result compared with an
 * index (`>= 0`, `!= -1`), a start or end index after the searched text, or a receiver that is a string method's
 * result. pymongo's find returns a cursor and takes a mapping, so none of these is a query.
 */
function isStringFind(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (site.positional.slice(1).some(isIntegerLike)) return true;
  const receiver = site.receiver;
  if (receiver?.type === 'call') {
    const callee = childByField(receiver, 'function');
    const name = callee ? analysis.text(callee) : '';
    if (name === 'str' || stringMethods.has(name.split('.').pop() ?? '')) return true;
  }
  const parent = site.node.parent;
  return parent?.type === 'comparison_operator' && namedChildren(parent).some((operand) => isIntegerLike(operand));
}

const conditionMethods = new Set([
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'begins_with',
  'is_in',
  'contains',
  'exists',
  'not_exists',
  'attribute_type',
  'size',
]);

/** The attribute-name arguments of a boto3 condition (`Key("id").eq(v) & Attr("age").gt(n)`), or undefined when the
 * value is not built from boto3.dynamodb.conditions alone. */
function conditionAttributeNames(value: PlainNode, analysis: ModuleAnalysis): PlainNode[] | undefined {
  const names: PlainNode[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'parenthesized_expression' || node.type === 'binary_operator' || node.type === 'unary_operator') {
      const operands = namedChildren(node);
      if (operands.length === 0) return undefined;
      stack.push(...operands);
      continue;
    }
    if (node.type !== 'call') return undefined;
    const callee = childByField(node, 'function');
    const args = namedChildren(childByField(node, 'arguments') ?? node).filter(
      (arg) => arg.type !== 'keyword_argument',
    );
    if (/^boto3\.dynamodb\.conditions\.(Key|Attr)$/.test(analysis.qualify(callee ?? node) ?? '')) {
      if (args[0]) names.push(args[0]);
      continue;
    }
    const method = callee?.type === 'attribute' ? analysis.text(childByField(callee, 'attribute') ?? callee) : '';
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    if (!receiver || !conditionMethods.has(method)) return undefined;
    stack.push(receiver);
  }
  return names;
}

/** `Runner().execute(x)`, or a name bound to it, where this module's class `Runner` defines `execute` itself: the call
 * runs that method, whose body is judged on its own (a cursor it calls is the sink there, reached with the caller's
 * data through the method's summary). A class that only inherits the method (a peewee Model's `raw`) is not this. */
function ownMethodCall(site: CallSite, analysis: ModuleAnalysis): boolean {
  const owner = /^([A-Za-z_]\w*)\(\)\.\w+$/.exec(site.name)?.[1];
  if (!owner) return false;
  const definitionOf = (node: PlainNode): PlainNode | undefined =>
    node.type === 'decorated_definition' ? childByField(node, 'definition') : node;
  const nameOf = (node: PlainNode): string => {
    const name = childByField(node, 'name');
    return name ? analysis.text(name) : '';
  };
  for (const statement of namedChildren(analysis.root)) {
    const definition = definitionOf(statement);
    if (definition?.type !== 'class_definition' || nameOf(definition) !== owner) continue;
    const body = childByField(definition, 'body');
    return (body ? namedChildren(body) : []).some((member) => {
      const method = definitionOf(member);
      return method?.type === 'function_definition' && nameOf(method) === site.method;
    });
  }
  return false;
}

/** boto3's DynamoDB client methods that run a PartiQL statement given as `Statement=`. */
const partiqlMethods = new Set(['execute_statement']);

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-SQLI-001': {
    call(site, analysis) {
      if (!matches(site.name, sqlMethods) && !matches(site.method, sqlMethods)) return;
      if (ownMethodCall(site, analysis)) return;
      const query = argument(site, 0, 'sql') ?? argument(site, 0, 'query');
      if (!query) return;
      // a statement is text (a string, a text() object); `executor.execute(["deploy", v])` runs an argv, not SQL
      if (['list', 'dictionary', 'set', 'list_comprehension'].includes(query.type)) return;
      // A tainted value passed whole is a prepared statement's text only when it was built from strings.
      flow(analysis, 'FDSP-PY-SQLI-001', site.node, analysis.taint(query));
    },
  },
  'FDSP-PY-NOSQL-001': {
    call(site, analysis) {
      const mongo = [
        'find',
        'find_one',
        'find_one_and_update',
        'find_one_and_delete',
        'delete_one',
        'delete_many',
        'update_one',
        'update_many',
        'count_documents',
        'aggregate',
      ];
      const dynamo = ['scan', 'query', 'get_item', 'delete_item', 'update_item'];
      if (!site.receiver || site.receiver.type === 'string') return;
      // a method of the module's own class (`users.find(name)` on `users = Users(path)`) is no database driver's
      if (analysis.calledFunction(site.node)) return;
      if (site.method === 'find' && isStringFind(site, analysis)) return;
      if (mongo.includes(site.method)) {
        const filter = argument(site, 0, 'filter');
        // str.find(x) has a string receiver or a string argument; a query filter is a dict or a parsed object.
        if (!filter || filter.type === 'string' || filter.type === 'integer') return;
        if (filter.type === 'identifier' && analysis.taint(filter)?.origin === 'parameter') return;
        if (filter.type === 'dictionary') {
          // In a literal filter, request text as a field's value is an equality match: form, query-string and header
          // values are always strings, which cannot smuggle an operator. Operator values ($where, $regex) and values
          // from parsed bodies (request.json, json.loads) can.
          for (const pair of namedChildren(filter)) {
            if (pair.type !== 'pair') continue;
            const key = stringValue(analysis, childByField(pair, 'key')) ?? '';
            const value = childByField(pair, 'value');
            const taint = value ? analysis.taint(value) : undefined;
            if (!taint) continue;
            const textOnly = /^request\.(args|form|values|headers|cookies|GET|POST|COOKIES|META)\b/.test(taint.from);
            if ((key.startsWith('$') || !textOnly) && flow(analysis, 'FDSP-PY-NOSQL-001', site.node, taint)) return;
          }
          return;
        }
        flow(analysis, 'FDSP-PY-NOSQL-001', site.node, analysis.taint(filter));
      } else if (partiqlMethods.has(site.method)) {
        // DynamoDB's PartiQL statements are query text: values belong in `Parameters`, never in the statement. It is
        // judged as SQL text is: `str(x)` keeps a Mongo filter free of operators, but not a statement free of quotes.
        const statement = site.keywords.get('Statement');
        if (statement) flow(analysis, 'FDSP-PY-NOSQL-001', site.node, analysis.taint(statement), 'sql');
      } else if (dynamo.includes(site.method) && site.keywords.size > 0) {
        for (const key of ['Key', 'FilterExpression', 'KeyConditionExpression', 'ScanFilter', 'QueryFilter']) {
          const value = site.keywords.get(key);
          if (!value) continue;
          // boto3's condition builders bind every compared value as an expression attribute value (placeholders), so
          // only the attribute names given to Key()/Attr() decide the query's logic: which attribute is compared.
          const names = conditionAttributeNames(value, analysis);
          for (const part of names ?? [value])
            if (flow(analysis, 'FDSP-PY-NOSQL-001', site.node, analysis.taint(part))) return;
        }
      }
    },
  },
};

export const sqlInjectionRules: RuleFamily = { definitions, logic };
