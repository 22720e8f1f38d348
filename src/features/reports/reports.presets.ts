/**
 * Mapping presets: which column of a system's export gives which field, and what its values mean.
 *
 * Sources, and what is NOT publicly documented (docs/decisions/038):
 * - ILLiad: column names of its Transactions table as a public integration selects them (TransactionNumber,
 *   Username, RequestType, TransactionStatus, TransactionDate, LendingLibrary, ReasonForCancellation, ProcessType,
 *   BaseFee, IFMCost). CreationDate and ReceiveDate are not in that list: plausible names, not verified.
 * - WorldShare ILL / Tipasa: OCLC's help pages name the request fields "Requested on", "Status", "Type" (Copy or
 *   Loan), "Borrower", "Lenders", "Max Cost". The headers of an exported request list, a received date, a role
 *   column and a "reason for no" column are not publicly documented: plausible names.
 * - Alma resource sharing, Rapido: Alma Analytics has "ILL Provided (Lending)" and "ILL Received (Borrowing)"
 *   reports, but the column headers of a request export are not publicly documented: plausible names.
 * - ReShare: the property names of mod-rs's PatronRequest (dateCreated, state, serviceType, isRequester,
 *   supplyingInstitutionSymbol, patronIdentifier…), as a JSON or CSV export would carry them; dateReceived and
 *   cancellationReason are plausible names.
 * Header matching ignores case, spaces and punctuation, so "Request Date", "request_date" and "RequestDate" match.
 */
import type { Direction, Field, PresetName, RequestType, Status } from './reports.models';

export interface Preset {
  name: Exclude<PresetName, 'custom'>;
  /** Candidate headers per field, best first. */
  columns: Partial<Record<Field, readonly string[]>>;
  /** Values particular to this system (lower case), over the shared words below. */
  values?: { status?: Record<string, Status>; direction?: Record<string, Direction> };
}

export const PRESET_DEFINITIONS: Record<Preset['name'], Preset> = {
  illiad: {
    name: 'illiad',
    columns: {
      requestDate: ['CreationDate', 'TransactionDate'],
      receivedDate: ['ReceiveDate', 'ReceivedDate'],
      status: ['TransactionStatus'],
      requestType: ['RequestType'],
      direction: ['ProcessType'],
      partner: ['LendingLibrary', 'BorrowingLibrary'],
      unfilledReason: ['ReasonForCancellation'],
      cost: ['IFMCost', 'BaseFee'],
    },
    values: {
      status: {
        'request finished': 'filled',
        'checked out to customer': 'received',
        'customer notified via e-mail': 'received',
        'delivered to web': 'received',
        'awaiting request processing': 'requested',
        'request sent': 'requested',
        'in transit to lender': 'requested',
        'item shipped': 'shipped',
        'cancelled by ill staff': 'unfilled',
        'cancelled by customer': 'cancelled',
      },
    },
  },
  worldshare: {
    name: 'worldshare',
    columns: {
      requestDate: ['Requested On', 'Request Date'],
      receivedDate: ['Date Received', 'Received On'],
      status: ['Status'],
      requestType: ['Type'],
      direction: ['Role'],
      partner: ['Partner', 'Lender', 'Borrower'],
      unfilledReason: ['Reason For No', 'Reasons For No'],
      cost: ['Cost', 'Max Cost'],
    },
    values: {
      status: {
        submitted: 'requested',
        pending: 'requested',
        'in transit': 'shipped',
        'received/checked in': 'received',
        'closed - filled': 'filled',
        'closed - unfilled': 'unfilled',
        expired: 'unfilled',
      },
    },
  },
  alma: {
    name: 'alma',
    columns: {
      requestDate: ['Request Creation Date', 'Creation Date'],
      receivedDate: ['Received Date', 'Receive Date'],
      status: ['Request Status'],
      requestType: ['Format'],
      direction: ['Borrowing/Lending', 'Request Role'],
      partner: ['Partner Name', 'Partner'],
      unfilledReason: ['Rejection Reason', 'Cancel Reason'],
      cost: ['Cost'],
    },
    values: {
      status: {
        'request completed': 'filled',
        'received physically': 'received',
        'received digitally': 'received',
        'request sent to partner': 'requested',
        'created borrowing request': 'requested',
        'shipped physically': 'shipped',
        'shipped digitally': 'shipped',
        'rejected by partner': 'unfilled',
        expired: 'unfilled',
        'cancelled by patron': 'cancelled',
      },
    },
  },
  rapido: {
    name: 'rapido',
    columns: {
      requestDate: ['Created', 'Created On'],
      receivedDate: ['Received', 'Received On'],
      status: ['Status'],
      requestType: ['Request Format', 'Format'],
      direction: ['Role'],
      partner: ['Partner'],
      unfilledReason: ['Reason'],
      cost: ['Cost'],
    },
  },
  reshare: {
    name: 'reshare',
    columns: {
      requestDate: ['dateCreated'],
      receivedDate: ['dateReceived'],
      status: ['state'],
      requestType: ['serviceType'],
      direction: ['isRequester'],
      partner: ['supplyingInstitutionSymbol', 'requestingInstitutionSymbol'],
      unfilledReason: ['cancellationReason'],
      cost: ['cost'],
    },
    values: {
      direction: { true: 'borrowing', false: 'lending' },
      status: {
        req_idle: 'requested',
        req_validated: 'requested',
        req_request_sent_to_supplier: 'requested',
        req_expects_to_supply: 'requested',
        req_shipped: 'shipped',
        req_checked_in: 'received',
        req_request_complete: 'filled',
        req_end_of_rota: 'unfilled',
        req_cancelled: 'cancelled',
        res_new_awaiting_pull_slip: 'requested',
        res_item_shipped: 'shipped',
        res_complete: 'filled',
        res_unfilled: 'unfilled',
        res_cancelled: 'cancelled',
      },
    },
  },
};

/** Words every system uses (lower case). */
const STATUS_WORDS: Record<string, Status> = {
  requested: 'requested',
  request: 'requested',
  new: 'requested',
  submitted: 'requested',
  pending: 'requested',
  'in process': 'requested',
  shipped: 'shipped',
  sent: 'shipped',
  received: 'received',
  'checked out': 'received',
  filled: 'filled',
  complete: 'filled',
  completed: 'filled',
  supplied: 'filled',
  unfilled: 'unfilled',
  'not filled': 'unfilled',
  'not supplied': 'unfilled',
  rejected: 'unfilled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  withdrawn: 'cancelled',
};
const TYPE_WORDS: Record<string, RequestType> = {
  loan: 'loan',
  loans: 'loan',
  returnable: 'loan',
  book: 'loan',
  physical: 'loan',
  copy: 'copy',
  copies: 'copy',
  article: 'copy',
  'non-returnable': 'copy',
  nonreturnable: 'copy',
  digital: 'copy',
  photocopy: 'copy',
};
const DIRECTION_WORDS: Record<string, Direction> = {
  borrowing: 'borrowing',
  borrower: 'borrowing',
  requester: 'borrowing',
  lending: 'lending',
  lender: 'lending',
  supplier: 'lending',
  responder: 'lending',
};

/** Lower case, spaces collapsed. */
export const normValue = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
/** For header matching: letters and digits only. */
export const normHeader = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export function statusOf(value: string, preset?: Preset): Status | undefined {
  const v = normValue(value);
  return preset?.values?.status?.[v] ?? STATUS_WORDS[v];
}
export function typeOf(value: string): RequestType | undefined {
  return TYPE_WORDS[normValue(value)];
}
export function directionOf(value: string, preset?: Preset): Direction | undefined {
  const v = normValue(value);
  return preset?.values?.direction?.[v] ?? DIRECTION_WORDS[v];
}

/** The preset's columns found among the headers: field → header as the file spells it. */
export function presetMapping(preset: Preset, headers: readonly string[]): Partial<Record<Field, string>> {
  const byNorm = new Map(headers.map((h) => [normHeader(h), h]));
  const mapping: Partial<Record<Field, string>> = {};
  for (const [field, candidates] of Object.entries(preset.columns) as Array<[Field, readonly string[]]>) {
    const found = candidates.map((c) => byNorm.get(normHeader(c))).find((h) => h !== undefined);
    if (found) mapping[field] = found;
  }
  return mapping;
}
