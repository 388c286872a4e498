import { describe, expect, it } from 'vitest';

import { flags, twinCases, type Twin } from './flow-twins.js';

// A class attribute read through a name bound once to an instance is the class's literal, unless the module assigns
// that attribute on the instance; a dataclass field's default is the value only when the constructor call leaves the
// field out.
const gcm = 'import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n';
const counter = 'import os\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n';
const instanceTwins: readonly Twin[] = [
  {
    name: "a plain class's nonce read through an instance, unless the instance gets its own",
    vulnerable: `${gcm}class Sealing:\n    NONCE = b"\\x01" * 12\n\ndef seal(key, data):\n    sealing = Sealing()\n    return AESGCM(key).encrypt(sealing.NONCE, data, None)\n`,
    safe: `${gcm}class Sealing:\n    NONCE = b"\\x01" * 12\n\ndef seal(key, data):\n    sealing = Sealing()\n    sealing.NONCE = os.urandom(12)\n    return AESGCM(key).encrypt(sealing.NONCE, data, None)\n`,
  },
  {
    name: 'a dataclass default, unless the constructor passes the field by position',
    vulnerable: `${counter}from dataclasses import dataclass\n\n@dataclass\nclass Stream:\n    key: bytes\n    counter: bytes = bytes(16)\n\nDEFAULTS = Stream(b"k" * 32)\n\ndef stream(data):\n    enc = Cipher(algorithms.AES(DEFAULTS.key), modes.CTR(DEFAULTS.counter)).encryptor()\n    return enc.update(data)\n`,
    safe: `${counter}from dataclasses import dataclass\n\n@dataclass\nclass Stream:\n    key: bytes\n    counter: bytes = bytes(16)\n\ndef stream(key, data):\n    state = Stream(key, os.urandom(16))\n    enc = Cipher(algorithms.AES(state.key), modes.CTR(state.counter)).encryptor()\n    return state.counter + enc.update(data)\n`,
  },
  {
    name: 'a NamedTuple default, unless the constructor passes the field by keyword',
    vulnerable: `${gcm}from typing import NamedTuple\n\nclass Box(NamedTuple):\n    key: bytes\n    nonce: bytes = b"fixed-nonce!"\n\ndef seal(key, data):\n    box = Box(key)\n    return AESGCM(box.key).encrypt(box.nonce, data, None)\n`,
    safe: `${gcm}from typing import NamedTuple\n\nclass Box(NamedTuple):\n    key: bytes\n    nonce: bytes = b"fixed-nonce!"\n\ndef seal(key, data):\n    box = Box(key, nonce=os.urandom(12))\n    return box.nonce + AESGCM(box.key).encrypt(box.nonce, data, None)\n`,
  },
  {
    name: 'a fresh instance read at once, unless the dataclass field is passed',
    vulnerable: `${gcm}from dataclasses import dataclass\n\n@dataclass\nclass Box:\n    nonce: bytes = b"fixed-nonce!"\n\ndef seal(key, data):\n    return AESGCM(key).encrypt(Box().nonce, data, None)\n`,
    safe: `${gcm}from dataclasses import dataclass\n\n@dataclass\nclass Box:\n    nonce: bytes = b"fixed-nonce!"\n\ndef seal(key, data, nonce):\n    return AESGCM(key).encrypt(Box(nonce).nonce, data, None)\n`,
  },
];

describe('class constants through an instance', () => {
  for (const twin of twinCases(instanceTwins, flags('FDSP-PY-CRYPTO-002')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
