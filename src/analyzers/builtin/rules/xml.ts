// XML parsing (CWE-611, CWE-776): external entities and entity expansion.
import { isFalse, isTrue } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const stdlibXml = [
  'xml.etree.ElementTree',
  'xml.etree.cElementTree',
  'xml.dom.minidom',
  'xml.dom.pulldom',
  'xml.sax',
  'xml.dom.expatbuilder',
  // The expat binding under all of the above: a parser it creates expands internal entities like they do.
  'xml.parsers.expat',
  'pyexpat',
];

const xmlParseFunctions = new Set([
  'parse',
  'parseString',
  'fromstring',
  'XML',
  'iterparse',
  'XMLParser',
  'make_parser',
  'fromstringlist',
  'XMLPullParser',
  'ParserCreate',
]);

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-XML-001',
    name: 'xml-external-entities',
    cwe: 611,
    severity: 'high',
    confidence: 'medium',
    message: 'XML is parsed with a parser that resolves external entities (XXE)',
    fixHint:
      'Parse with defusedxml (defusedxml.ElementTree / defusedxml.lxml), or create the lxml parser as etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False) and pass it to every parse call.',
    examples: {
      vulnerable: [
        'from lxml import etree\ndef root(p):\n    return etree.parse(p).getroot()\n',
        'from lxml import etree\nparser = etree.XMLParser(remove_blank_text=True)\n',
        'import xml.sax\np = xml.sax.make_parser()\np.setFeature(xml.sax.handler.feature_external_ges, True)\n',
        'from lxml import objectify\ndef load(text):\n    return objectify.fromstring(text)\n',
        'from lxml import etree\ndef tags(stream):\n    return [e.tag for _, e in etree.iterparse(stream, events=("end",))]\n',
        'from lxml import etree\ndef schema():\n    return etree.XMLSchema(file="schema.xsd")\n',
      ],
      safe: [
        'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\ntree = etree.parse("a.xml", parser)\n',
        'import defusedxml.ElementTree as ET\nr = ET.parse("a.xml")\n',
        'from lxml import objectify\nP = objectify.makeparser(resolve_entities=False, no_network=True)\ndef load(text):\n    return objectify.fromstring(text, P)\n',
        'from lxml import etree\ndef tags(stream):\n    return [e.tag for _, e in etree.iterparse(stream, resolve_entities=False, no_network=True)]\n',
        'from lxml import etree\nP = etree.XMLParser(resolve_entities=False, no_network=True)\ndef schema():\n    return etree.XMLSchema(etree.parse("schema.xsd", P))\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XML-002',
    name: 'xml-entity-expansion',
    cwe: 776,
    severity: 'medium',
    confidence: 'medium',
    message:
      'XML is parsed with a standard-library parser that is not protected against entity expansion (billion laughs)',
    fixHint:
      'Use defusedxml (defusedxml.ElementTree.fromstring / defusedxml.minidom) for any XML that is not fully trusted.',
    examples: {
      vulnerable: [
        'import xml.etree.ElementTree as ET\ndef parse(s):\n    return ET.fromstring(s)\n',
        'from xml.dom import minidom\nd = minidom.parseString(data)\n',
        'from xml.parsers.expat import ParserCreate\ndef count(data):\n    seen = []\n    p = ParserCreate()\n    p.StartElementHandler = lambda name, attrs: seen.append(name)\n    p.Parse(data, True)\n    return len(seen)\n',
      ],
      safe: ['import defusedxml.ElementTree as ET\ndef parse(s):\n    return ET.fromstring(s)\n'],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-XML-001': {
    call(site, analysis) {
      // A parser is configured by its keywords: lxml's constructors, objectify's parser factory, and iterparse, which
      // takes the parser's options itself (its second positional argument is the events, not a parser).
      if (/^lxml\.(etree\.(XMLParser|XMLPullParser|iterparse)|objectify\.makeparser)$/.test(site.name)) {
        if (!isFalse(analysis, site.keywords.get('resolve_entities')) && !site.hasStarArguments)
          analysis.report('FDSP-PY-XML-001', site.node);
        return;
      }
      if (/^lxml\.(etree|objectify)\.(parse|fromstring|XML|fromstringlist)$/.test(site.name)) {
        if (!site.keywords.has('parser') && site.positional.length < 2) analysis.report('FDSP-PY-XML-001', site.node);
        return;
      }
      // `XMLSchema(file=path)` reads the schema with lxml's default parser; given a tree, the parse was judged already.
      if (/^lxml\.etree\.(XMLSchema|RelaxNG)$/.test(site.name)) {
        if (site.keywords.has('file')) analysis.report('FDSP-PY-XML-001', site.node);
        return;
      }
      if (
        site.method === 'setFeature' &&
        site.positional[0] &&
        /feature_external_(ges|pes)/.test(analysis.text(site.positional[0])) &&
        isTrue(analysis, site.positional[1])
      )
        analysis.report('FDSP-PY-XML-001', site.node);
    },
  },
  'FDSP-PY-XML-002': {
    call(site, analysis) {
      const dot = site.name.lastIndexOf('.');
      if (dot < 0 || !stdlibXml.includes(site.name.slice(0, dot)) || !xmlParseFunctions.has(site.method)) return;
      analysis.report('FDSP-PY-XML-002', site.node);
    },
  },
};

export const xmlRules: RuleFamily = { definitions, logic };
