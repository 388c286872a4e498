// XSLT transforms with lxml (CWE-611, external resources): `lxml.etree.XSLT(stylesheet)` lets the stylesheet read
// local files and URLs (document(), xsl:import/include) and write files (exsl:document) unless an XSLTAccessControl
// says otherwise — lxml's documented default is to allow everything. A repair that hardens only the XMLParser
// (resolve_entities=False, no_network=True) still leaves the transform able to fetch external resources.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { isFalse } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

// XSLTAccessControl keyword options; each defaults to True (allowed).
const accessOptions = ['read_file', 'write_file', 'create_dir', 'read_network', 'write_network'] as const;

/** What an access_control value still allows, or undefined when it denies every kind of access. */
function stillAllowed(
  value: PlainNode,
  analysis: ModuleAnalysis,
  bound: ReadonlyMap<string, PlainNode>,
): string[] | undefined {
  const resolved = value.type === 'identifier' ? (bound.get(analysis.text(value)) ?? value) : value;
  const text = analysis.text(resolved);
  if (/(^|\.)XSLTAccessControl\.DENY_ALL$/.test(text)) return undefined;
  if (/(^|\.)XSLTAccessControl\.DENY_WRITE$/.test(text)) return ['read_file', 'read_network'];
  if (
    resolved.type !== 'call' ||
    !/(^|\.)XSLTAccessControl$/.test(analysis.text(childByField(resolved, 'function') ?? resolved))
  )
    return undefined; // a value the rule cannot read: do not guess
  const keywords = new Map<string, PlainNode>();
  for (const argument of namedChildren(childByField(resolved, 'arguments') ?? resolved)) {
    if (argument.type !== 'keyword_argument') continue;
    const name = childByField(argument, 'name');
    const given = childByField(argument, 'value');
    if (name && given) keywords.set(analysis.text(name), given);
  }
  const allowed = accessOptions.filter((option) => !isFalse(analysis, keywords.get(option)));
  return allowed.length > 0 ? allowed : undefined;
}

/** Module- and function-level `name = <expr>` bindings, so `ac = XSLTAccessControl.DENY_ALL` is followed. */
function bindings(analysis: ModuleAnalysis): Map<string, PlainNode> {
  const found = new Map<string, PlainNode>();
  const stack = [...analysis.root.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (left?.type === 'identifier' && right) found.set(analysis.text(left), right);
    }
    stack.push(...node.children);
  }
  return found;
}

function xsltWeakness(site: CallSite, analysis: ModuleAnalysis): string | undefined {
  if (site.hasStarArguments) return undefined;
  const control = site.keywords.get('access_control');
  if (!control) return 'no access_control is given, and lxml allows file and network access by default';
  const allowed = stillAllowed(control, analysis, bindings(analysis));
  return allowed ? `the access control still allows ${allowed.join(', ')}` : undefined;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-XSLT-001',
    name: 'xslt-without-access-control',
    cwe: 611,
    severity: 'medium',
    confidence: 'medium',
    message:
      'An lxml XSLT transform is created without an access control that denies file and network access, so the stylesheet can read local files and fetch URLs (document(), xsl:include) whatever the parser settings',
    fixHint:
      'Pass access_control=etree.XSLTAccessControl.DENY_ALL to etree.XSLT(...) (or XSLTAccessControl(read_file=False, write_file=False, create_dir=False, read_network=False, write_network=False)), and parse the stylesheet with etree.XMLParser(resolve_entities=False, no_network=True).',
    examples: {
      vulnerable: [
        'from lxml import etree\ndef load_transform(path):\n    parser = etree.XMLParser(resolve_entities=False, no_network=True)\n    return etree.XSLT(etree.parse(path, parser))\n',
        'import lxml.etree as ET\ndef render(xml_text, xsl_tree):\n    ac = ET.XSLTAccessControl(read_network=False)\n    transform = ET.XSLT(xsl_tree, access_control=ac)\n    return str(transform(ET.fromstring(xml_text, ET.XMLParser(resolve_entities=False))))\n',
        'from lxml import etree\ndef writer(style):\n    return etree.XSLT(style, access_control=etree.XSLTAccessControl.DENY_WRITE)\n',
      ],
      safe: [
        'from lxml import etree\ndef load_transform(path):\n    parser = etree.XMLParser(resolve_entities=False, no_network=True)\n    return etree.XSLT(etree.parse(path, parser), access_control=etree.XSLTAccessControl.DENY_ALL)\n',
        'from lxml import etree\nLOCKED = etree.XSLTAccessControl(read_file=False, write_file=False, create_dir=False, read_network=False, write_network=False)\ndef load_transform(tree):\n    return etree.XSLT(tree, access_control=LOCKED)\n',
        'class XSLT:\n    pass\ndef build():\n    return XSLT()\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-XSLT-001': {
    call(site, analysis) {
      if (site.name !== 'lxml.etree.XSLT') return;
      const weakness = xsltWeakness(site, analysis);
      if (weakness) analysis.report('FDSP-PY-XSLT-001', site.node, { detail: weakness });
    },
  },
};

export const xsltRules: RuleFamily = { definitions, logic };
