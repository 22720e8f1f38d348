/**
 * Cost per filled request and money saved by borrowing instead of buying (docs/decisions/045). Pure: the counts
 * come from SQL (reports.peers.repository.ts `costCounts`), the inputs from the owner's form.
 */
import { z } from 'zod';

export const COST_FIELDS = [
  'staffMinutesPerRequest',
  'hourlyCost',
  'shippingPerLoan',
  'feesPaid',
  'ifmPaid',
  'bookPrice',
  'articleCost',
] as const;
export type CostField = (typeof COST_FIELDS)[number];
export type CostInputs = Record<CostField, number>;

export const COST_LABELS: Record<CostField, string> = {
  staffMinutesPerRequest: 'Staff time per request, in minutes',
  hourlyCost: 'Staff cost per hour',
  shippingPerLoan: 'Shipping per loan (both ways)',
  feesPaid: 'Fees paid over the whole period',
  ifmPaid: 'IFM charges paid over the whole period',
  bookPrice: 'Average purchase price of a book',
  articleCost: 'Average cost of buying an article',
};

const MAX = 10_000_000;

const amount = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .regex(/^-?\d+(\.\d{1,2})?$/, `${label} must be a number, with at most two decimals (e.g. 12.50).`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(0, `${label} cannot be negative.`)
        .max(MAX, `${label} must be under ${MAX.toLocaleString('en')}.`),
    );

/** The form: every figure required, zero or more, two decimals at most. */
export const costSchema = z.object(
  Object.fromEntries(COST_FIELDS.map((f) => [f, amount(COST_LABELS[f])])) as Record<
    CostField,
    ReturnType<typeof amount>
  >,
);

/** Counts over the dataset's whole period (reports.peers.repository.ts). */
export interface CostCounts {
  requests: number;
  filled: number;
  filledLoans: number;
  borrowingRequests: number;
  borrowingFilledLoans: number;
  borrowingFilledCopies: number;
}

export interface CostFigures {
  staffCost: number;
  shippingCost: number;
  totalCost: number;
  /** Null when nothing was filled. */
  costPerFilled: number | null;
  /** What buying the borrowed items would have cost. */
  purchaseAvoided: number;
  /** What borrowing them cost: staff time for borrowing requests, shipping of borrowed loans, fees and IFM. */
  borrowingCost: number;
  saved: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function costFigures(inputs: CostInputs, counts: CostCounts): CostFigures {
  const perRequest = (inputs.staffMinutesPerRequest / 60) * inputs.hourlyCost;
  const staffCost = counts.requests * perRequest;
  const shippingCost = counts.filledLoans * inputs.shippingPerLoan;
  const totalCost = staffCost + shippingCost + inputs.feesPaid + inputs.ifmPaid;
  const purchaseAvoided =
    counts.borrowingFilledLoans * inputs.bookPrice + counts.borrowingFilledCopies * inputs.articleCost;
  const borrowingCost =
    counts.borrowingRequests * perRequest +
    counts.borrowingFilledLoans * inputs.shippingPerLoan +
    inputs.feesPaid +
    inputs.ifmPaid;
  return {
    staffCost: cents(staffCost),
    shippingCost: cents(shippingCost),
    totalCost: cents(totalCost),
    costPerFilled: counts.filled > 0 ? cents(totalCost / counts.filled) : null,
    purchaseAvoided: cents(purchaseAvoided),
    borrowingCost: cents(borrowingCost),
    saved: cents(purchaseAvoided - borrowingCost),
  };
}

/** The assumptions shown next to the figures, in the owner's own numbers. */
export function costAssumptions(inputs: CostInputs, counts: CostCounts): string[] {
  const money = (n: number) => n.toFixed(2);
  return [
    `Every request (${counts.requests}, both directions, whatever its outcome) takes ${inputs.staffMinutesPerRequest} minutes of staff time at ${money(inputs.hourlyCost)} an hour.`,
    `Every filled loan (${counts.filledLoans}, both directions) is shipped for ${money(inputs.shippingPerLoan)}; copies cost no shipping.`,
    `Fees (${money(inputs.feesPaid)}) and IFM charges (${money(inputs.ifmPaid)}) are those paid over the dataset's whole period, all for borrowing.`,
    `Each filled borrowed loan (${counts.borrowingFilledLoans}) saved buying a book at ${money(inputs.bookPrice)}, each filled borrowed copy (${counts.borrowingFilledCopies}) an article at ${money(inputs.articleCost)}.`,
    'Money saved is the purchases avoided less the cost of borrowing (staff time for borrowing requests, shipping of borrowed loans, fees and IFM). Lending is not counted against it.',
  ];
}
