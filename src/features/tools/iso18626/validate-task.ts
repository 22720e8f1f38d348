// The worker-pool task that checks a message against the ISO 18626 schema (registered in src/worker.ts).
// libxml2-wasm runs libxml2 compiled to WebAssembly inside the pool thread: the schema is compiled once per thread
// and each message then takes well under a millisecond (xmllint-wasm started a worker and compiled the schema for
// every message, 50–400 ms). The pool keeps the wait, the queue limit and the time limit. Documents are parsed
// without loading anything (no network, no DTD, no entity substitution) and the message is refused earlier if it
// has a DTD at all.
import { XmlDocument, XmlLibError, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import type { RawXsdError } from './explain';
import { ISO18626_V1_2_XSD } from './schema';

export const ISO18626_TASK = 'tools:iso18626-xsd';

export interface XsdResult {
  valid: boolean;
  errors: RawXsdError[];
}

let validator: XsdValidator | undefined;

/** The 1.2 schema, compiled on first use and kept for the life of the thread. */
function schemaValidator(): XsdValidator {
  if (!validator) {
    const schema = XmlDocument.fromString(ISO18626_V1_2_XSD);
    validator = XsdValidator.fromDoc(schema);
  }
  return validator;
}

function detailsOf(error: unknown, prefix: string): RawXsdError[] {
  const details = error instanceof XmlLibError ? error.details : [];
  if (!details.length) return [{ line: undefined, message: `${prefix}${String((error as Error)?.message ?? error)}` }];
  return details.map((d) => ({ line: d.line || undefined, message: `${prefix}${d.message.trim()}` }));
}

export function validateAgainstSchemaNow(xml: string): XsdResult {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (error) {
    // Not well-formed: said the way explainXsdErrors recognises ("parser error : …").
    return { valid: false, errors: detailsOf(error, 'parser error : ') };
  }
  try {
    schemaValidator().validate(doc);
    return { valid: true, errors: [] };
  } catch (error) {
    if (error instanceof XmlValidateError) return { valid: false, errors: detailsOf(error, '') };
    throw error;
  } finally {
    doc.dispose();
  }
}

/** Validate several messages (tests, the bench): one result per message. */
export async function validateManyAgainstSchema(messages: string[]): Promise<XsdResult[]> {
  return messages.map(validateAgainstSchemaNow);
}

export async function validateAgainstSchema(xml: string): Promise<XsdResult> {
  return validateAgainstSchemaNow(xml);
}
