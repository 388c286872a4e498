// lxml hardening a repair can miss after setting resolve_entities=False (the xml.ts rules cover entity resolution).
// XSLT (CWE-611, external resources): `lxml.etree.XSLT(stylesheet)` lets the stylesheet read local files and URLs
// (document(), xsl:import/include) and write files (exsl:document) unless an XSLTAccessControl says otherwise — lxml's
// documented default allows everything — so a hardened parser still leaves the transform able to fetch resources.
// Parser options (lxml.etree.XMLParser docs): `no_network=False` with `load_dtd`/`dtd_validation` fetches external DTDs
// over the network (CWE-611, out-of-band XXE and SSRF) even without entity resolution; `huge_tree=True` switches off
// libxml2's limits on tree depth, text size and entity amplification (CWE-776).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { assignmentsIn, isFalse, isTrue } from './check-helpers.js';
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

/** Module- and function-level `name = <expr>` bindings (the last one wins), so `ac = XSLTAccessControl.DENY_ALL` is
 * followed. */
function bindings(analysis: ModuleAnalysis): Map<string, PlainNode> {
  return new Map(assignmentsIn(analysis.root, analysis, true).map((item) => [item.name, item.value]));
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
  {
    id: 'FDSP-PY-XMLOPT-001',
    name: 'lxml-network-dtd',
    cwe: 611,
    severity: 'medium',
    confidence: 'medium',
    message:
      'The lxml parser loads DTDs (load_dtd / dtd_validation) with no_network=False, so a document can make the server fetch an external DTD from any URL, even with resolve_entities=False',
    fixHint:
      "Keep lxml's default no_network=True and do not load external DTDs for untrusted input: etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False); validate against a local schema object instead.",
    examples: {
      vulnerable: [
        'from lxml import etree\ndef parse(data):\n    parser = etree.XMLParser(resolve_entities=False, load_dtd=True, no_network=False)\n    return etree.fromstring(data, parser)\n',
      ],
      safe: [
        'from lxml import etree\ndef parse(data):\n    parser = etree.XMLParser(resolve_entities=False, dtd_validation=True)\n    return etree.fromstring(data, parser)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XMLOPT-002',
    name: 'lxml-huge-tree',
    cwe: 776,
    severity: 'medium',
    confidence: 'medium',
    message:
      "The lxml parser is created with huge_tree=True, which switches off libxml2's limits on tree depth, text size and entity amplification, so a small document can exhaust memory and CPU",
    fixHint:
      'Leave huge_tree at its default (False) for untrusted input; if large trusted documents need it, use a separate parser for them and parse request data with etree.XMLParser(resolve_entities=False, no_network=True).',
    examples: {
      vulnerable: [
        'from lxml import etree\ndef parse(upload):\n    return etree.parse(upload, etree.XMLParser(resolve_entities=False, huge_tree=True))\n',
      ],
      safe: [
        'from lxml import etree\ndef parse(upload):\n    return etree.parse(upload, etree.XMLParser(resolve_entities=False, huge_tree=False))\n',
      ],
    },
  },
];

const parserConstructors = /^lxml\.etree\.(XMLParser|XMLPullParser|iterparse|XMLTreeBuilder|ETCompatXMLParser)$/;

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-XSLT-001': {
    call(site, analysis) {
      if (site.name !== 'lxml.etree.XSLT') return;
      const weakness = xsltWeakness(site, analysis);
      if (weakness) analysis.report('FDSP-PY-XSLT-001', site.node, { detail: weakness });
    },
  },
  'FDSP-PY-XMLOPT-001': {
    call(site, analysis) {
      if (!parserConstructors.test(site.name)) return;
      const loadsDtd =
        isTrue(analysis, site.keywords.get('load_dtd')) || isTrue(analysis, site.keywords.get('dtd_validation'));
      // Without resolve_entities=False the entity rule (FDSP-PY-XML-001) already reports this parser.
      if (
        loadsDtd &&
        isFalse(analysis, site.keywords.get('no_network')) &&
        isFalse(analysis, site.keywords.get('resolve_entities'))
      )
        analysis.report('FDSP-PY-XMLOPT-001', site.node);
    },
  },
  'FDSP-PY-XMLOPT-002': {
    call(site, analysis) {
      if (parserConstructors.test(site.name) && isTrue(analysis, site.keywords.get('huge_tree')))
        analysis.report('FDSP-PY-XMLOPT-002', site.node);
    },
  },
};

export const lxmlHardeningRules: RuleFamily = { definitions, logic };
