/** Reports: the fields a dataset row has, the small vocabularies its values map to, and the limits. */

export const FIELDS = [
  'requestDate',
  'receivedDate',
  'status',
  'requestType',
  'direction',
  'partner',
  'unfilledReason',
  'cost',
] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_LABELS: Record<Field, string> = {
  requestDate: 'Request date',
  receivedDate: 'Received or filled date',
  status: 'Status',
  requestType: 'Request type (loan or copy)',
  direction: 'Direction (borrowing or lending)',
  partner: 'Partner library',
  unfilledReason: 'Unfilled reason',
  cost: 'Cost',
};

/** A file must give these; the others are optional. Direction may instead be fixed for the whole file. */
export const REQUIRED_FIELDS: readonly Field[] = ['requestDate', 'status', 'requestType'];

export const STATUSES = ['requested', 'shipped', 'received', 'filled', 'unfilled', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];
export const REQUEST_TYPES = ['loan', 'copy'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const DIRECTIONS = ['borrowing', 'lending'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const PRESETS = ['illiad', 'worldshare', 'alma', 'rapido', 'reshare', 'custom'] as const;
export type PresetName = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<PresetName, string> = {
  illiad: 'ILLiad',
  worldshare: 'WorldShare ILL / Tipasa',
  alma: 'Alma resource sharing',
  rapido: 'Rapido',
  reshare: 'ReShare',
  custom: 'Another system (choose the columns yourself)',
};

export interface DatasetRow {
  requestDate: string;
  receivedDate: string | null;
  status: Status;
  requestType: RequestType;
  direction: Direction;
  partner: string | null;
  unfilledReason: string | null;
  cost: string | null;
}

export interface RowError {
  /** The file's line of data, 1 = the first row after the header. */
  row: number;
  column: string;
  message: string;
}

export interface DroppedColumn {
  header: string;
  reason: string;
}

export interface Dataset {
  id: number;
  ownerId: number;
  /** A group's workspace, or null for the member's own (docs/decisions/044). */
  groupId: number | null;
  name: string;
  preset: PresetName;
  mapping: Partial<Record<Field, string>> & { fixedDirection?: string };
  droppedColumns: DroppedColumn[];
  createdAt: Date;
  updatedAt: Date;
}

export const REPORT_LIMITS = {
  /** The largest file accepted, refused from its declared size before it is read. */
  maxBytes: 20 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 200,
  /** Errors listed (the count says how many more). */
  errorsShown: 100,
  previewRows: 5,
  uploadsPerHour: 20,
  /** A member's personal datasets; those in a group's workspace count towards `datasetsPerGroup` instead. */
  datasetsPerMember: 50,
  /** Datasets in one group's workspace, whoever uploaded them. */
  datasetsPerGroup: 50,
  nameLength: 120,
} as const;
