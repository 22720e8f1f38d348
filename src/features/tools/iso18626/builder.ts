import { ISO18626_NS, type MessageType } from './iso18626.models';

/** A node of an example message: [name, text] or [name, children]. */
type Node = [string, string | Node[]];

function render(node: Node, depth: number): string {
  const pad = '  '.repeat(depth);
  const [name, content] = node;
  if (typeof content === 'string') return `${pad}<${name}>${escapeXml(content)}</${name}>`;
  return `${pad}<${name}>\n${content.map((c) => render(c, depth + 1)).join('\n')}\n${pad}</${name}>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const stamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

const agency = (name: string, value: string): Node => [
  name,
  [
    ['agencyIdType', 'ISIL'],
    ['agencyIdValue', value],
  ],
];

/** Example libraries: ISIL-shaped but fictional ("ZZ" is not a country code). */
const REQUESTER = 'ZZ-REQ01';
const SUPPLIER = 'ZZ-SUP01';
const REQUEST_ID = 'ZZREQ01-000123';

function header(now: Date, withSupplierId: boolean): Node {
  return [
    'header',
    [
      agency('supplyingAgencyId', SUPPLIER),
      agency('requestingAgencyId', REQUESTER),
      ['multipleItemRequestId', ''],
      ['timestamp', stamp(now)],
      ['requestingAgencyRequestId', REQUEST_ID],
      ...(withSupplierId ? ([['supplyingAgencyRequestId', 'SUP01-98765']] as Node[]) : []),
    ],
  ];
}

function confirmationHeader(now: Date): Node {
  return [
    'confirmationHeader',
    [
      agency('supplyingAgencyId', SUPPLIER),
      agency('requestingAgencyId', REQUESTER),
      ['timestamp', stamp(now)],
      ['requestingAgencyRequestId', REQUEST_ID],
      ['timestampReceived', stamp(new Date(now.getTime() - 2000))],
      ['messageStatus', 'OK'],
    ],
  ];
}

function body(type: MessageType, now: Date): Node {
  switch (type) {
    case 'request':
      return [
        'request',
        [
          header(now, false),
          [
            'bibliographicInfo',
            [
              ['title', 'An example book (made up for this tool)'],
              ['author', 'Example, Author'],
              ['edition', '2nd ed.'],
              [
                'bibliographicItemId',
                [
                  ['bibliographicItemIdentifier', '9780000000002'],
                  ['bibliographicItemIdentifierCode', 'ISBN'],
                ],
              ],
            ],
          ],
          [
            'publicationInfo',
            [
              ['publisher', 'Example Press'],
              ['publicationDate', '2021'],
            ],
          ],
          [
            'serviceInfo',
            [
              ['requestType', 'New'],
              ['serviceType', 'Loan'],
              ['needBeforeDate', stamp(addDays(now, 21))],
            ],
          ],
        ],
      ];
    case 'requestConfirmation':
      return ['requestConfirmation', [confirmationHeader(now)]];
    case 'supplyingAgencyMessage':
      return [
        'supplyingAgencyMessage',
        [
          header(now, true),
          [
            'messageInfo',
            [
              ['reasonForMessage', 'StatusChange'],
              ['note', 'Sent by tracked post.'],
            ],
          ],
          [
            'statusInfo',
            [
              ['status', 'Loaned'],
              ['dueDate', stamp(addDays(now, 28))],
              ['lastChange', stamp(now)],
            ],
          ],
          ['deliveryInfo', [['dateSent', stamp(now)]]],
        ],
      ];
    case 'supplyingAgencyMessageConfirmation':
      return ['supplyingAgencyMessageConfirmation', [confirmationHeader(now), ['reasonForMessage', 'StatusChange']]];
    case 'requestingAgencyMessage':
      return [
        'requestingAgencyMessage',
        [header(now, true), ['action', 'Received'], ['note', 'Arrived in good condition.']],
      ];
    case 'requestingAgencyMessageConfirmation':
      return ['requestingAgencyMessageConfirmation', [confirmationHeader(now), ['action', 'Received']]];
  }
}

/** A valid ISO 18626 v1.2 message of the given type, dated `now`, between two fictional libraries. */
export function buildExample(type: MessageType, now: Date): string {
  const inner = render(body(type, now), 1);
  return `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="${ISO18626_NS}" xmlns:ill="${ISO18626_NS}" ill:version="1.2">
${inner}
</ISO18626Message>
`;
}
