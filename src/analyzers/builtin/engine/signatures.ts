// Parameter names of the APIs the rules judge, in order, for the parameters that may be passed by position or by
// keyword. A call that names them (`os.system(command=c)`, `subprocess.run(args=cmd, shell=True)`,
// `yaml.load(stream=s, Loader=yaml.Loader)`) reads to the rules as if it passed them by position, so no rule spells out
// keywords of its own. Positional-only parameters are not here (`pickle.loads(data, /)`, sqlite3's `execute(sql, /)`,
// `eval(source, /)`: naming them is a TypeError), nor `**kwargs` an API forwards unnamed.
import type { PlainNode } from '../../../python-syntax/index.js';

const signatures: ReadonlyMap<string, readonly string[]> = new Map([
  ['os.system', ['command']],
  ['os.popen', ['cmd', 'mode', 'buffering']],
  ['os.chmod', ['path', 'mode']],
  ['os.open', ['path', 'flags', 'mode']],
  ['os.makedirs', ['name', 'mode', 'exist_ok']],
  ['os.mkdir', ['path', 'mode']],
  ['os.remove', ['path']],
  ['os.unlink', ['path']],
  ['subprocess.run', ['args']],
  ['subprocess.call', ['args']],
  ['subprocess.check_call', ['args']],
  ['subprocess.check_output', ['args']],
  ['subprocess.Popen', ['args', 'bufsize', 'executable']],
  ['subprocess.getoutput', ['cmd']],
  ['subprocess.getstatusoutput', ['cmd']],
  ['open', ['file', 'mode', 'buffering', 'encoding']],
  ['io.open', ['file', 'mode', 'buffering', 'encoding']],
  ['yaml.load', ['stream', 'Loader']],
  ['requests.get', ['url', 'params']],
  ['requests.post', ['url', 'data', 'json']],
  ['requests.put', ['url', 'data']],
  ['requests.patch', ['url', 'data']],
  ['requests.delete', ['url']],
  ['requests.head', ['url']],
  ['requests.request', ['method', 'url']],
  ['urllib.request.urlopen', ['url', 'data', 'timeout']],
  ['hashlib.new', ['name', 'data']],
  ['hashlib.pbkdf2_hmac', ['hash_name', 'password', 'salt', 'iterations', 'dklen']],
  ['hmac.new', ['key', 'msg', 'digestmod']],
  ['tarfile.open', ['name', 'mode', 'fileobj']],
  ['xml.etree.ElementTree.fromstring', ['text', 'parser']],
  ['xml.etree.ElementTree.XML', ['text', 'parser']],
  ['xml.etree.ElementTree.parse', ['source', 'parser']],
  ['flask.redirect', ['location', 'code']],
  ['flask.render_template_string', ['source']],
  ['flask.send_file', ['path_or_file', 'mimetype']],
  ['flask.send_from_directory', ['directory', 'path']],
  ['jwt.decode', ['jwt', 'key', 'algorithms']],
  ['jwt.encode', ['payload', 'key', 'algorithm']],
  ['shutil.copy', ['src', 'dst']],
  ['tempfile.mkstemp', ['suffix', 'prefix', 'dir']],
]);

/** The parameters of `name` that may be passed either way, in order; empty when the API is not known. */
export function parameterNames(name: string): readonly string[] {
  return signatures.get(name) ?? [];
}

/** The call's positional arguments, extended with the keywords that name the next parameters in order. */
export function positionalWithKeywords(
  name: string,
  positional: readonly PlainNode[],
  keywords: ReadonlyMap<string, PlainNode>,
): PlainNode[] {
  const extended = [...positional];
  const names = parameterNames(name);
  for (let index = extended.length; index < names.length; index++) {
    const value = keywords.get(names[index] ?? '');
    if (value === undefined) break;
    extended.push(value);
  }
  return extended;
}

