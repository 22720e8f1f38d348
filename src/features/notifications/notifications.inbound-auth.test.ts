import { describe, expect, it } from 'vitest';
import { type AuthFacts, boundedResolver, judgeReply } from './notifications.inbound-auth';

const facts = (over: Partial<AuthFacts>): AuthFacts => ({
  fromDomain: 'library.test',
  envelopeDomain: 'library.test',
  dmarc: 'none',
  spfEnvelope: 'none',
  spfFrom: 'none',
  alignedDkim: [],
  ...over,
});

describe('the sender-authentication policy for replies by email', () => {
  it('refuses a message that fails the From domain’s DMARC policy, whatever else passed', () => {
    const verdict = judgeReply(facts({ dmarc: 'fail', spfEnvelope: 'pass', envelopeDomain: 'bulk.example' }));
    expect(verdict).toMatchObject({ accept: false, status: '5.7.26' });
    expect(!verdict.accept && verdict.reason).toContain('library.test publishes a DMARC policy');
  });

  it('accepts a valid DKIM signature of the From domain even when SPF fails (a forwarding hop)', () => {
    expect(
      judgeReply(
        facts({ spfEnvelope: 'fail', spfFrom: 'fail', alignedDkim: [{ domain: 'library.test', result: 'pass' }] }),
      ),
    ).toEqual({
      accept: true,
      authenticated: true,
    });
  });

  it('refuses an SPF hard fail for the From domain or for the envelope sender, without a valid DKIM signature', () => {
    expect(judgeReply(facts({ spfFrom: 'fail', spfEnvelope: 'fail' }))).toMatchObject({
      accept: false,
      status: '5.7.23',
    });
    const envelope = judgeReply(facts({ envelopeDomain: 'bounces.example', spfEnvelope: 'fail' }));
    expect(envelope).toMatchObject({ accept: false, status: '5.7.23' });
    expect(!envelope.accept && envelope.reason).toContain('bounces.example, the envelope sender');
  });

  it('refuses a DKIM signature of the From domain that does not verify, unless SPF passes for that domain', () => {
    const tampered = facts({ alignedDkim: [{ domain: 'library.test', result: 'neutral' }] });
    expect(judgeReply(tampered)).toMatchObject({ accept: false, status: '5.7.22' });
    expect(judgeReply({ ...tampered, spfFrom: 'pass' })).toEqual({ accept: true, authenticated: true });
  });

  it('falls back to the reply address and From check when nothing could be checked, and does not refuse softfail', () => {
    expect(judgeReply(facts({}))).toEqual({ accept: true, authenticated: false });
    expect(
      judgeReply(
        facts({
          dmarc: 'temperror',
          spfFrom: 'temperror',
          spfEnvelope: 'temperror',
          alignedDkim: [{ domain: 'library.test', result: 'temperror' }],
        }),
      ),
    ).toEqual({
      accept: true,
      authenticated: false,
    });
    expect(judgeReply(facts({ spfFrom: 'softfail', spfEnvelope: 'softfail' }))).toEqual({
      accept: true,
      authenticated: false,
    });
  });
});

describe('DNS lookups for one message', () => {
  const never = () => new Promise<string[][]>(() => {});
  const noRecord = async (): Promise<string[][]> => {
    throw Object.assign(new Error('no record'), { code: 'ENOTFOUND' });
  };

  it('give up on a lookup that does not answer in time, as a DNS timeout', async () => {
    const resolve = boundedResolver(never, { lookupMs: 20 });
    await expect(resolve('_dmarc.slow.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });

  it('stop after the budget of lookups, and pass other answers and errors through', async () => {
    const resolve = boundedResolver(noRecord, { maxLookups: 2 });
    await expect(resolve('a.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('b.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('c.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    const spent = boundedResolver(async () => [['v=spf1 -all']], { budgetMs: 0 });
    await expect(spent('d.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(await boundedResolver(async () => [['v=spf1 -all']])('e.test', 'TXT')).toEqual([['v=spf1 -all']]);
  });
});
