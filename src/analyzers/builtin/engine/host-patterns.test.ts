import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';
import { pinsUrlHost } from './host-patterns.js';

describe('pinsUrlHost', () => {
  it.each([
    [String.raw`https://example\.com`, true, true],
    [String.raw`https://([a-z0-9-]+\.)*example\.com(/[^\s]*)?`, true, true],
    [String.raw`^https?://(www\.)?example\.com/.*`, false, false],
    [String.raw`(?:https|http)://api\.example\.org:\d+/`, true, false],
    [String.raw`^https://(?:docs|blog)\.example\.com(?:/.*)?$`, false, false],
  ])('pins the host: %s', (pattern, startAnchored, wholeValue) => {
    expect(pinsUrlHost(pattern, startAnchored, wholeValue)).toBe(true);
  });

  it.each([
    // not anchored at the start: "https://evil.test/?u=https://example.com/" matches
    [String.raw`https://example\.com/`, false, false],
    // an unescaped dot is any character: "https://exampleXcom/"
    [String.raw`https://example.com/`, true, false],
    // no end of the authority required: "https://example.com.evil.test"
    [String.raw`https://example\.com`, true, false],
    // a class that admits "?" or "#" or "@" moves the host: "https://evil.test#.example.com"
    [String.raw`https://[^/]*\.example\.com/`, true, false],
    [String.raw`https://.*\.example\.com/`, true, true],
    // a subdomain class without the escaped dot glues onto the domain: "https://evilexample.com/"
    [String.raw`https://[a-z]*example\.com/`, true, false],
    // no scheme: the pattern says nothing about where the URL's host starts
    [String.raw`example\.com/`, true, false],
    [String.raw`https://`, true, true],
  ])('does not pin the host: %s', (pattern, startAnchored, wholeValue) => {
    expect(pinsUrlHost(pattern, startAnchored, wholeValue)).toBe(false);
  });
});

// The guard through the analyzer: a pinned-host pattern clears redirect and outbound-request sinks; one that does not
// pin the host clears nothing.
const header =
  "import re\nimport httpx\nfrom flask import Flask, request, abort, redirect\napp = Flask(__name__)\nSITE = re.compile(r'^https://(?:www\\.)?example\\.org/')\nLOOSE = re.compile(r'^https://(?:www\\.)?example\\.org')\n";
const twins: readonly Twin[] = [
  {
    name: 'a compiled pattern requiring the slash after the host, before a redirect',
    check: flags('FDSP-PY-REDIRECT-001'),
    vulnerable: flaskView(
      header,
      "to = request.values['to']\nif not LOOSE.match(to):\n    abort(400)\nreturn redirect(to)",
    ),
    safe: flaskView(header, "to = request.values['to']\nif not SITE.match(to):\n    abort(400)\nreturn redirect(to)"),
  },
  {
    name: 'an inline fullmatch before an outbound request',
    check: flags('FDSP-PY-SSRF-001'),
    vulnerable: flaskView(
      header,
      "feed = request.args['feed']\nif re.fullmatch(r'https?://.*example\\.org/rss', feed):\n    return httpx.get(feed).text\nreturn ''",
    ),
    safe: flaskView(
      header,
      "feed = request.args['feed']\nif re.fullmatch(r'https?://feeds\\.example\\.org/[a-z]+\\.xml', feed):\n    return httpx.get(feed).text\nreturn ''",
    ),
  },
  {
    name: 'a pattern written without r"" reads as Python decodes it',
    check: flags('FDSP-PY-REDIRECT-001'),
    vulnerable: flaskView(
      header,
      "to = request.values['to']\nif not re.match('^https://(?:www\\\\.)?example\\\\.org', to):\n    abort(400)\nreturn redirect(to)",
    ),
    safe: flaskView(
      header,
      "to = request.values['to']\nif not re.match('^https://(?:www\\\\.)?example\\\\.org/', to):\n    abort(400)\nreturn redirect(to)",
    ),
  },
  {
    name: 'a search (unanchored) pins nothing',
    check: flags('FDSP-PY-REDIRECT-001'),
    vulnerable: flaskView(
      header,
      "to = request.values['to']\nif re.search(r'https://example\\.org/', to):\n    return redirect(to)\nreturn ''",
    ),
    safe: flaskView(
      header,
      "to = request.values['to']\nif re.search(r'^https://example\\.org/', to):\n    return redirect(to)\nreturn ''",
    ),
  },
];

describe('a pinned-host pattern as a guard', () => {
  for (const twin of twinCases(twins, flags('FDSP-PY-REDIRECT-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
