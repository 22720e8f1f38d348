import { describe, expect, it } from 'vitest';
import { isPublicAddress, literalHostAllowed } from './public-address';

describe('public addresses', () => {
  it('refuses loopback, private, link-local, reserved and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      'not an address',
    ])
      expect({ a, ok: isPublicAddress(a) }).toEqual({ a, ok: false });
  });

  it('accepts addresses on the public internet', () => {
    for (const a of ['8.8.8.8', '151.101.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ a, ok: isPublicAddress(a) }).toEqual({ a, ok: true });
  });

  it('checks literal hosts in URLs (which skip DNS)', () => {
    expect(literalHostAllowed(new URL('http://127.0.0.1/'))).toBe(false);
    expect(literalHostAllowed(new URL('http://[::1]/'))).toBe(false);
    expect(literalHostAllowed(new URL('http://0x7f000001/'))).toBe(false);
    expect(literalHostAllowed(new URL('https://www.ifla.org/'))).toBe(true);
  });
});
