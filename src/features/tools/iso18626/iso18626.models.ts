export const ISO18626_NS = 'http://illtransactions.org/2013/iso18626';

/** The six messages of ISO 18626, by their XML element name. */
export const MESSAGE_TYPES = [
  { element: 'request', label: 'Request', from: 'requesting library', purpose: 'asks a supplier for an item' },
  {
    element: 'requestConfirmation',
    label: 'Request confirmation',
    from: 'supplying library',
    purpose: 'confirms that a Request arrived (not that it will be filled)',
  },
  {
    element: 'supplyingAgencyMessage',
    label: 'Supplying agency message',
    from: 'supplying library',
    purpose: 'reports a status change or answers the requester (will supply, loaned, unfilled, …)',
  },
  {
    element: 'supplyingAgencyMessageConfirmation',
    label: 'Supplying agency message confirmation',
    from: 'requesting library',
    purpose: 'confirms that a supplying agency message arrived',
  },
  {
    element: 'requestingAgencyMessage',
    label: 'Requesting agency message',
    from: 'requesting library',
    purpose: 'acts on the request (received, shipped return, renew, cancel, …)',
  },
  {
    element: 'requestingAgencyMessageConfirmation',
    label: 'Requesting agency message confirmation',
    from: 'supplying library',
    purpose: 'confirms that a requesting agency message arrived',
  },
] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number]['element'];

export function messageTypeLabel(element: string): string | undefined {
  return MESSAGE_TYPES.find((t) => t.element === element)?.label;
}

export function isMessageType(value: string): value is MessageType {
  return MESSAGE_TYPES.some((t) => t.element === value);
}

/** Values the 1.2 schema allows (type_status, type_action): shown when a message uses another. */
export const STATUS_VALUES = [
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'Loaned',
  'Overdue',
  'Recalled',
  'RetryPossible',
  'Unfilled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
] as const;

export const ACTION_VALUES = [
  'StatusRequest',
  'Received',
  'Cancel',
  'Renew',
  'ShippedReturn',
  'ShippedForward',
  'Notification',
] as const;

export interface Finding {
  severity: 'error' | 'warning';
  /** 1-based line in the pasted message; undefined when it concerns the whole message. */
  line: number | undefined;
  message: string;
}

export interface ValidationReport {
  /** The message element under ISO18626Message, when it could be read. */
  messageType: MessageType | undefined;
  /** Passed the XML schema. */
  schemaValid: boolean;
  findings: Finding[];
}

export const ISO18626_LIMITS = {
  /** A large real Request is about 10 KB: 256 KB leaves room for long notes without inviting abuse. */
  maxBytes: 256 * 1024,
  /** Validation runs in the worker pool; a message this small never needs more unless something is wrong. */
  timeoutMs: 8_000,
  /** Findings shown at most (a broken message can produce one per line). */
  maxFindings: 50,
} as const;

export const ISO18626_RULES = {
  perIp: { name: 'tools:iso18626:ip', limit: 30, windowSeconds: 60 },
} as const;
