import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('XSLT without access control (FDSP-PY-XSLT-001)', () => {
  const id = 'FDSP-PY-XSLT-001';
  it('flags an access control that still allows network writes', () => {
    const code =
      'from lxml import etree\ndef t(style):\n    ac = etree.XSLTAccessControl(read_file=False, write_file=False, create_dir=False, read_network=False)\n    return etree.XSLT(style, access_control=ac)\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it('accepts DENY_ALL bound to a module constant', () => {
    const code =
      'from lxml import etree\nAC = etree.XSLTAccessControl.DENY_ALL\ndef t(style):\n    return etree.XSLT(style, access_control=AC)\n';
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('lxml parser options (FDSP-PY-XMLOPT-001, -002)', () => {
  it('flags network DTD loading on an iterparse and huge_tree on a pull parser', () => {
    const code =
      'from lxml import etree\ndef events(stream):\n    return etree.iterparse(stream, resolve_entities=False, dtd_validation=True, no_network=False)\ndef pull():\n    return etree.XMLPullParser(huge_tree=True)\n';
    expect(ruleIds(code, 'FDSP-PY-XMLOPT-001')).toEqual(['FDSP-PY-XMLOPT-001']);
    expect(ruleIds(code, 'FDSP-PY-XMLOPT-002')).toEqual(['FDSP-PY-XMLOPT-002']);
  });

  it('leaves a parser with no_network at its default alone', () => {
    const code = 'from lxml import etree\nP = etree.XMLParser(resolve_entities=False, load_dtd=True)\n';
    expect(ruleIds(code, 'FDSP-PY-XMLOPT-001')).toEqual([]);
  });
});
