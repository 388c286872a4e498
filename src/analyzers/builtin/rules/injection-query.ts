// LDAP and XPath injection (CWE-90, CWE-643): untrusted data in a directory filter or an XML path expression.
import { argument, flow, isBuiltString } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-LDAP-001',
    name: 'ldap-injection',
    cwe: 90,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is built into an LDAP filter or DN',
    fixHint:
      'Escape every value put into a filter with ldap.filter.escape_filter_chars() (ldap3: ldap3.utils.conv.escape_filter_chars) and DN parts with ldap.dn.escape_dn_chars(); keep the base DN fixed.',
    flow: { sink: 'ldap', parameterSources: true },
    examples: {
      vulnerable: [
        `${flaskPrelude}import ldap\n@app.route('/u')\ndef u():\n    con = ldap.initialize('ldap://x')\n    return str(con.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + request.args['u'] + ')'))\n`,
        'import ldap3\ndef find(conn, user):\n    conn.search("dc=x", f"(cn={user})")\n',
      ],
      safe: [
        'import ldap\nfrom ldap.filter import escape_filter_chars\ndef find(con, user):\n    con.search_s("dc=x", ldap.SCOPE_SUBTREE, "(uid=%s)" % escape_filter_chars(user))\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XPATH-001',
    name: 'xpath-injection',
    cwe: 643,
    severity: 'high',
    confidence: 'medium',
    message: 'Untrusted data is built into an XPath expression',
    fixHint:
      'Use XPath variables instead of string building: tree.xpath("//user[@name=$name]", name=value) (lxml), or validate the value against a strict allow-list before use; ElementTree\'s findall() has no variables, so filter the elements in Python instead.',
    flow: { sink: 'xpath', parameterSources: true },
    examples: {
      vulnerable: [
        `${flaskPrelude}import xml.etree.ElementTree as ET\nroot = ET.parse('u.xml').getroot()\n@app.route('/u')\ndef u():\n    return str(root.findall(f"./user[@name='{request.args['n']}']"))\n`,
        'from lxml import etree\ndef q(doc, v):\n    return doc.xpath("/tag[@id=%s]" % v)\n',
        `${flaskPrelude}from xml.etree import ElementTree\ncatalog = ElementTree.parse('c.xml').getroot()\n@app.route('/item')\ndef item():\n    path = ".//item[@sku='" + request.args.get('sku', '') + "']"\n    hit = catalog.find(path)\n    return hit.text if hit is not None else ''\n`,
      ],
      safe: [
        'from lxml import etree\ndef q(doc, v):\n    return doc.xpath("/tag[@id=$v]", v=v)\n',
        `${flaskPrelude}@app.route('/pos')\ndef pos():\n    return str(request.args.get('q', '').find('x'))\n`,
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-LDAP-001': {
    call(site, analysis) {
      const methods = ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'paged_search'];
      if (
        !methods.includes(site.method) ||
        !site.receiver ||
        !/ldap|Connection|con/i.test(`${site.name} ${analysis.moduleText().slice(0, 2000)}`)
      )
        return;
      if (!/\bldap/i.test(analysis.moduleText())) return;
      const candidates = [
        argument(site, 0, 'search_base') ?? argument(site, 0, 'base'),
        site.keywords.get('search_filter') ??
          site.keywords.get('filterstr') ??
          site.positional[site.name.includes('ldap3') || site.method === 'search' ? 1 : 2],
      ];
      for (const candidate of candidates)
        if (candidate && flow(analysis, 'FDSP-PY-LDAP-001', site.node, analysis.taint(candidate))) return;
    },
  },
  'FDSP-PY-XPATH-001': {
    call(site, analysis) {
      const query = site.positional[0];
      if (!query) return;
      if (
        ['xpath', 'XPath', 'evaluate'].includes(site.method) &&
        (site.method !== 'evaluate' || /xpath|lxml/i.test(site.name))
      ) {
        flow(analysis, 'FDSP-PY-XPATH-001', site.node, analysis.taint(query));
      } else if (
        ['findall', 'find', 'iterfind', 'findtext'].includes(site.method) &&
        site.receiver &&
        site.receiver.type !== 'string' &&
        ((isBuiltString(analysis, query) && /[[@/]/.test(analysis.text(query))) ||
          // ElementTree's find*() take ElementPath expressions; on an element the query string is a path language.
          (query.type !== 'string' &&
            (/etree|ElementTree|getroot\(\)|\.parse\(\)|fromstring\(\)|XML\(\)/.test(
              analysis.qualify(site.receiver) ?? '',
            ) ||
              /(^|_)(root|tree|elem(ent)?|node|doc(ument)?|xml|dom)s?$/i.test(analysis.text(site.receiver)))))
      ) {
        flow(analysis, 'FDSP-PY-XPATH-001', site.node, analysis.taint(query));
      }
    },
  },
};

export const queryInjectionRules: RuleFamily = { definitions, logic };
