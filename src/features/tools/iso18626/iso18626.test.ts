import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExample } from './builder';
import { explainXsdErrors } from './explain';
import { type Finding, MESSAGE_TYPES } from './iso18626.models';
import { ISO18626_V1_2_XSD } from './schema';
import { checkMeaning, precheck } from './semantics';
import { validateManyAgainstSchema, type XsdResult } from './validate-task';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/iso18626');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const now = new Date('2026-03-02T15:00:00Z');
const examples = MESSAGE_TYPES.map((t) => buildExample(t.element, now));

/** Mutations of valid messages, each refused by the schema for one reason. */
const mutated = {
  wrongStatus: examples[2]!.replace('<status>Loaned</status>', '<status>Shipped</status>'),
  wrongAction: examples[4]!.replace('<action>Received</action>', '<action>Returned</action>'),
  missingHeaderField: examples[0]!.replace(/\s*<requestingAgencyRequestId>[^<]*<\/requestingAgencyRequestId>/, ''),
  wrongNamespace: examples[1]!.replaceAll('http://illtransactions.org/2013/iso18626', 'http://example.org/ill'),
  offsetWithoutColon: examples[4]!.replace(/<timestamp>([^<]*)Z<\/timestamp>/, '<timestamp>$1+0000</timestamp>'),
  notWellFormed: examples[5]!.replace('</action>', '</actions>'),
};
const fixtures = ['illmockrequest.xml', 'request.xml', 'unfilledNotification.xml', 'okapi-scripts_iso18626_req_1.xml'];

// One run of the validator for everything (each run starts a WebAssembly worker).
let results: XsdResult[] = [];
const result = (i: number) => results[i]!;
const explained = (i: number): Finding[] => explainXsdErrors(result(i).errors);
beforeAll(async () => {
  results = await validateManyAgainstSchema([...examples, ...Object.values(mutated), ...fixtures.map(fixture)]);
}, 30_000);
const mutatedIndex = (name: keyof typeof mutated) => examples.length + Object.keys(mutated).indexOf(name);
const fixtureIndex = (name: string) => examples.length + Object.keys(mutated).length + fixtures.indexOf(name);

describe('the ISO 18626 schema', () => {
  it('is the copy kept in the test fixtures, unchanged', () => {
    expect(ISO18626_V1_2_XSD.trimEnd()).toBe(fixture('ISO-18626-v1_2.xsd').trimEnd());
  });
});

describe('the example builder', () => {
  it.each(MESSAGE_TYPES.map((t, i) => [t.element, i] as const))(
    'builds a %s that the schema accepts and that means no harm',
    (type, i) => {
      expect(result(i)).toEqual({ valid: true, errors: [] });
      expect(checkMeaning(examples[i]!)).toEqual({ messageType: type, findings: [] });
    },
  );
});

describe('schema errors, explained', () => {
  it('names the allowed statuses when a status is not one of them, with its line', () => {
    const [f] = explained(mutatedIndex('wrongStatus'));
    expect(f?.message).toMatch(
      /The status “Shipped” is not one of the values ISO 18626 allows\. Use one of: RequestReceived, ExpectToSupply/,
    );
    expect(f?.line).toBe(mutated.wrongStatus.split('\n').findIndex((l) => l.includes('Shipped')) + 1);
    expect(explained(mutatedIndex('wrongStatus'))).toHaveLength(1);
  });

  it('names the allowed actions when an action is not one of them', () => {
    expect(explained(mutatedIndex('wrongAction'))[0]?.message).toMatch(
      /The action “Returned” is not one of .* StatusRequest, Received, Cancel/,
    );
  });

  it('says which required field is missing', () => {
    expect(explained(mutatedIndex('missingHeaderField'))[0]?.message).toBe(
      'header is missing requestingAgencyRequestId, which is required here.',
    );
  });

  it('explains a message in the wrong namespace', () => {
    expect(explained(mutatedIndex('wrongNamespace'))[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/in the namespace http:\/\/example\.org\/ill, so it is not an ISO 18626 message/),
    });
  });

  it('explains a time-zone offset written without its colon', () => {
    expect(explained(mutatedIndex('offsetWithoutColon'))[0]?.message).toMatch(/write \+00:00, not \+0000/);
  });

  it('says when the text is not well-formed XML', () => {
    expect(result(mutatedIndex('notWellFormed')).valid).toBe(false);
    expect(explained(mutatedIndex('notWellFormed'))[0]?.message).toMatch(
      /not well-formed XML.*Opening and ending tag mismatch/,
    );
  });
});

describe('real messages from ReShare (mod-rs fixtures)', () => {
  it('accepts the mock request written for version 1.2', () => {
    expect(result(fixtureIndex('illmockrequest.xml')).valid).toBe(true);
    expect(checkMeaning(fixture('illmockrequest.xml')).messageType).toBe('request');
  });

  it('explains what older or looser senders get wrong', () => {
    expect(explained(fixtureIndex('request.xml'))[0]).toMatchObject({
      line: 15,
      message: expect.stringMatching(/\+00:00, not \+0000/),
    });
    expect(explained(fixtureIndex('unfilledNotification.xml'))[0]?.message).toMatch(/write ill:version="1\.2"/);
    expect(explained(fixtureIndex('okapi-scripts_iso18626_req_1.xml'))[0]?.message).toMatch(
      /Version 1\.2 added multipleItemRequestId to the header/,
    );
  });
});

describe('checks of meaning', () => {
  const messages = (xml: string) => checkMeaning(xml).findings.map((f) => `${f.severity}: ${f.message}`);

  it('refuses a renew or cancel response without a yes or no', () => {
    const xml = examples[2]!.replace('StatusChange', 'RenewResponse');
    expect(messages(xml)).toContainEqual(expect.stringMatching(/^error: A RenewResponse must say yes or no/));
  });

  it('wants a reason when a retry is possible, and says why an unfilled status should give one', () => {
    const retry = examples[2]!.replace('<status>Loaned</status>', '<status>RetryPossible</status>');
    expect(messages(retry)).toContainEqual(
      expect.stringMatching(/^error: The status is RetryPossible but messageInfo has no reasonRetry/),
    );
    const unfilled = examples[2]!.replace('<status>Loaned</status>', '<status>Unfilled</status>');
    expect(messages(unfilled)).toContainEqual(expect.stringMatching(/^warning: The status is Unfilled/));
  });

  it('refuses an ERROR confirmation without errorData, at the line of messageStatus', () => {
    const xml = examples[1]!.replace('<messageStatus>OK</messageStatus>', '<messageStatus>ERROR</messageStatus>');
    const [f] = checkMeaning(xml).findings;
    expect(f).toMatchObject({ severity: 'error', line: xml.split('\n').findIndex((l) => l.includes('ERROR')) + 1 });
  });

  it('refuses empty IDs the schema lets through and a request that identifies nothing', () => {
    const xml = examples[0]!
      .replace('<requestingAgencyRequestId>ZZREQ01-000123</requestingAgencyRequestId>', '<requestingAgencyRequestId/>')
      .replace(/<title>[^<]*<\/title>\s*/, '')
      .replace(/\s*<bibliographicItemId>[\s\S]*?<\/bibliographicItemId>/, '');
    expect(messages(xml)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error: requestingAgencyRequestId is empty/),
        expect.stringMatching(/^error: Nothing identifies the item/),
      ]),
    );
  });

  it('refuses a DTD before anything reads it (no entity is ever expanded)', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<lolz>&lol2;</lolz>`;
    expect(precheck(bomb)).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, message: expect.stringMatching(/DOCTYPE/) }),
    ]);
    expect(precheck(examples[0]!)).toEqual([]);
  });
});
