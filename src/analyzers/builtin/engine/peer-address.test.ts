// The peer address a datagram read returns is filled in by the kernel, not chosen by the packet's bytes: replying to
// it is the CWE-941 fix (the address keeps its taint for every other sink), while the payload keeps the read's taint.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);
const serve = (body: string): string =>
  `import os, socket\n\ndef serve(sock):\n    while True:\n${body
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n')}\n`;

describe('socket reads: payload and peer address', () => {
  it('a destination parsed out of the payload is untrusted', () => {
    expect(
      rules(
        serve('msg, peer = sock.recvfrom(512)\nhost = msg.decode().split(",")[1]\nsock.sendto(b"ok", (host, 9000))'),
      ),
    ).toContain('FDSP-PY-ADDR-001');
  });

  it('the address recvfrom returns is the peer to answer', () => {
    expect(rules(serve('msg, peer = sock.recvfrom(512)\nsock.sendto(msg.upper(), (peer[0], 9000))'))).not.toContain(
      'FDSP-PY-ADDR-001',
    );
    expect(
      rules(
        serve(
          'count, (peer_host, peer_port) = sock.recvfrom_into(bytearray(64))\nsock.sendto(b"ack", (peer_host, peer_port))',
        ),
      ),
    ).not.toContain('FDSP-PY-ADDR-001');
  });

  it('recvmsg: the fourth element is the address, the first the payload', () => {
    const code = serve('body, ancillary, flags, source = sock.recvmsg(512)\nsock.sendto(b"ack", (source[0], 7))');
    expect(rules(code)).not.toContain('FDSP-PY-ADDR-001');
    expect(rules(serve('body, ancillary, flags, source = sock.recvmsg(512)\nos.system(body.decode())'))).toContain(
      'FDSP-PY-CMDI-001',
    );
  });

  it('the payload of the same read stays tainted', () => {
    expect(rules(serve('msg, peer = sock.recvfrom(512)\nos.system(msg.decode())'))).toContain('FDSP-PY-CMDI-001');
  });
});
