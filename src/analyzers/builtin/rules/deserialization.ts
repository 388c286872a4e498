// Deserialization of untrusted data (CWE-502): pickle-family loaders and unsafe YAML.
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { flow, isTrue, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const pickleLoads = [
  'pickle.loads',
  'pickle.load',
  'cPickle.loads',
  'cPickle.load',
  '_pickle.loads',
  '_pickle.load',
  'dill.loads',
  'dill.load',
  'marshal.loads',
  'marshal.load',
  'shelve.open',
  'jsonpickle.decode',
  'pandas.read_pickle',
  'joblib.load',
];

/** A loader that unpickles: the pickle family always; `torch.load` unless told `weights_only=True` (its default only
 * from PyTorch 2.6); `numpy.load` only when told `allow_pickle=True`. */
function unpickles(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (matches(site.name, pickleLoads)) return true;
  if (site.name === 'torch.load') return !isTrue(analysis, site.keywords.get('weights_only'));
  if (site.name === 'numpy.load') return isTrue(analysis, site.keywords.get('allow_pickle'));
  return false;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-DESER-001',
    name: 'unsafe-deserialization',
    cwe: 502,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is deserialized with a format that can execute code (pickle, marshal, unsafe YAML)',
    fixHint:
      'Use a data-only format for untrusted input: json.loads() or yaml.safe_load(); if objects must be exchanged, sign them with hmac and verify the signature before loading.',
    flow: { sink: 'deserialize', parameterSources: true },
    examples: {
      vulnerable: [
        `${flaskPrelude}import pickle, base64\n@app.route('/p', methods=['POST'])\ndef p():\n    return str(pickle.loads(base64.b64decode(request.data)))\n`,
        'import _pickle as cPickle\ndef load(token):\n    return cPickle.loads(token)\n',
        `${flaskPrelude}import torch, io\n@app.route('/m', methods=['POST'])\ndef m():\n    return str(torch.load(io.BytesIO(request.data)))\n`,
        `${flaskPrelude}import numpy as np\n@app.route('/a', methods=['POST'])\ndef a():\n    return str(np.load(request.files['f'], allow_pickle=True))\n`,
        'import joblib\ndef restore(upload):\n    return joblib.load(upload)\n',
      ],
      safe: [
        'import json\ndef load(token):\n    return json.loads(token)\n',
        `${flaskPrelude}import torch, io\n@app.route('/m', methods=['POST'])\ndef m():\n    return str(torch.load(io.BytesIO(request.data), weights_only=True))\n`,
        `${flaskPrelude}import numpy as np\n@app.route('/a', methods=['POST'])\ndef a():\n    return str(np.load(request.files['f']))\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-DESER-002',
    name: 'yaml-unsafe-load',
    cwe: 502,
    severity: 'high',
    confidence: 'high',
    message: 'yaml.load() without SafeLoader can construct arbitrary Python objects',
    fixHint: 'Use yaml.safe_load(data) (or yaml.load(data, Loader=yaml.SafeLoader)).',
    examples: {
      vulnerable: [
        'import yaml\ndef load(text):\n    return yaml.unsafe_load(text)\n',
        'import yaml\ndef load(p):\n    with open(p) as f:\n        return yaml.load(f, Loader=yaml.FullLoader)\n',
        'from yaml import load\ncfg = load(open("c.yml"))\n',
        // ruamel.yaml: typ="unsafe" is its documented loader that constructs arbitrary Python objects.
        'from ruamel.yaml import YAML\ndef read(stream):\n    return YAML(typ="unsafe", pure=True).load(stream)\n',
        'import ruamel.yaml\ndef read(text):\n    return ruamel.yaml.load(text, Loader=ruamel.yaml.Loader)\n',
      ],
      safe: [
        'import yaml\ndef load(s):\n    return yaml.safe_load(s)\n',
        'import yaml\nx = yaml.load(s, Loader=yaml.SafeLoader)\n',
        'from ruamel.yaml import YAML\ndef read(stream):\n    return YAML(typ="safe").load(stream)\n',
        'from ruamel.yaml import YAML\nyaml = YAML()\ndef read(stream):\n    return yaml.load(stream)\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-DESER-001': {
    call(site, analysis) {
      if (!unpickles(site, analysis)) return;
      const data = site.positional[0];
      if (data) flow(analysis, 'FDSP-PY-DESER-001', site.node, analysis.taint(data));
    },
  },
  'FDSP-PY-DESER-002': {
    call(site, analysis) {
      if (site.name === 'yaml.unsafe_load' || site.name === 'yaml.unsafe_load_all') {
        analysis.report('FDSP-PY-DESER-002', site.node);
        return;
      }
      // ruamel.yaml's YAML(typ="unsafe") is the loader that builds arbitrary objects; its default ("rt") and "safe"
      // construct plain data only.
      if (site.name === 'ruamel.yaml.YAML') {
        if (stringValue(analysis, site.keywords.get('typ') ?? site.positional[0]) === 'unsafe')
          analysis.report('FDSP-PY-DESER-002', site.node);
        return;
      }
      if (!/^(ruamel\.)?yaml\.load(_all)?$/.test(site.name)) return;
      const loader = site.keywords.get('Loader') ?? site.positional[1];
      if (loader && /Safe|CSafe/.test(analysis.text(loader))) return;
      analysis.report('FDSP-PY-DESER-002', site.node);
    },
  },
};

export const deserializationRules: RuleFamily = { definitions, logic };
