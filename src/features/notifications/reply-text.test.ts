import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './reply-text';

describe('stripQuotedReply', () => {
  it('cuts a Gmail reply at "On … wrote:", even when Gmail wraps the attribution over two lines', () => {
    const gmail = [
      'We had the same problem with Rapid last spring.',
      '',
      'Ask for the ISSN to be checked first.',
      '',
      'On Mon, Mar 2, 2026 at 3:04 PM Jane Borrower via ILL Commons <',
      'reply+abcdefghijklmnopqrstuvwxyz234567@reply.ill-commons.org> wrote:',
      '',
      '> Has anyone seen Rapid reject a request for a journal it holds?',
      '>',
      '> Jane',
    ].join('\r\n');
    expect(stripQuotedReply(gmail)).toBe(
      'We had the same problem with Rapid last spring.\n\nAsk for the ISSN to be checked first.',
    );
    expect(
      stripQuotedReply('Yes, send it.\n\nOn Tue, 3 Mar 2026, 09:12 Sam <sam@lib.example> wrote:\n> Can we lend it?'),
    ).toBe('Yes, send it.');
  });

  it('cuts an Outlook reply at "-----Original Message-----" and at a From:/Sent:/To: header block', () => {
    const original =
      'Thanks, that worked.\n\n-----Original Message-----\nFrom: ILL Commons <no-reply@ill.org>\nSent: Monday, March 2, 2026 3:04 PM\nSubject: Rapid';
    expect(stripQuotedReply(original)).toBe('Thanks, that worked.');
    const outlook = [
      'We lend DVDs only within the state.',
      '',
      'Regards,',
      'Pat',
      '',
      '________________________________',
      'From: ILL Commons <no-reply@ill-commons.org>',
      'Sent: Monday, March 2, 2026 3:04 PM',
      'To: Pat Lender <pat@library.example>',
      'Subject: [ILL Commons] Lending AV material',
      '',
      'Jane replied in “Lending AV material”',
    ].join('\n');
    expect(stripQuotedReply(outlook)).toBe('We lend DVDs only within the state.\n\nRegards,\nPat');
    const noRule =
      'Agreed.\n\nFrom: Jane Borrower <jane@lib.example>\nDate: Monday, 2 March 2026 at 15:04\nTo: Pat <pat@lib.example>\nSubject: Re: fees';
    expect(stripQuotedReply(noRule)).toBe('Agreed.');
  });

  it('keeps text written between "> " quoted lines and drops the quotes', () => {
    const inline =
      '> Do you charge for international loans?\nOnly for IFLA vouchers.\n> And for copies?\nNo charge for copies.';
    expect(stripQuotedReply(inline)).toBe('Only for IFLA vouchers.\nNo charge for copies.');
  });

  it('drops a "-- " signature and "Sent from my …" mobile lines', () => {
    expect(
      stripQuotedReply('Check the OCLC symbol.\n\n-- \nPat Lender\nInterlibrary Loan, Example University\n555-0100'),
    ).toBe('Check the OCLC symbol.');
    expect(stripQuotedReply('On it.\n\nSent from my iPhone\n\nOn Mon, Mar 2, 2026, Jane wrote:\n> hi')).toBe('On it.');
    expect(stripQuotedReply('Will do\n\nGet Outlook for Android')).toBe('Will do');
    expect(stripQuotedReply('Sounds right.\nSent from my Galaxy')).toBe('Sounds right.');
  });

  it('leaves a reply with nothing quoted as it is, apart from trailing space', () => {
    const text = 'Line one  \n\n\n\nLine two\nOn the other hand, this line starts with On but is not a quote header.';
    expect(stripQuotedReply(text)).toBe(
      'Line one\n\nLine two\nOn the other hand, this line starts with On but is not a quote header.',
    );
  });

  it('returns nothing when the email only quotes', () => {
    expect(stripQuotedReply('On Mon, Mar 2, 2026 at 3:04 PM Jane wrote:\n> Anyone?\n')).toBe('');
    expect(stripQuotedReply('> Anyone?\n> Hello')).toBe('');
  });
});
