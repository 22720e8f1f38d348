// The worker-pool task that checks a message against the ISO 18626 schema (registered in src/worker.ts).
// xmllint-wasm runs libxml2 compiled to WebAssembly in a thread of its own; calling it from a pool thread keeps
// the wait, the queue limit and the time limit of the shared pool (a stopped pool thread takes its child along).
// Only the schema is given to it: nothing else can be loaded, and the message is refused earlier if it has a DTD.
import { validateXML } from 'xmllint-wasm';
import type { RawXsdError } from './explain';
import { ISO18626_V1_2_XSD } from './schema';

export const ISO18626_TASK = 'tools:iso18626-xsd';

export interface XsdResult {
  valid: boolean;
  errors: RawXsdError[];
}

const SCHEMA = { fileName: 'iso18626-v1_2.xsd', contents: ISO18626_V1_2_XSD };

/** Validate several messages in one run of the validator (tests, the bench): one result per message. */
export async function validateManyAgainstSchema(messages: string[]): Promise<XsdResult[]> {
  const files = messages.map((contents, i) => ({ fileName: `message-${i}.xml`, contents }));
  const result = await validateXML({ xml: files, schema: SCHEMA });
  return files.map((f) => {
    const errors = result.errors
      .filter((e) => e.loc?.fileName === f.fileName)
      .map((e) => ({ line: e.loc?.lineNumber, message: e.message }));
    // xmllint prints "<file> validates" for each file that passed.
    const valid = errors.length === 0 && (result.valid || result.rawOutput.includes(`${f.fileName} validates`));
    return { valid, errors };
  });
}

export async function validateAgainstSchema(xml: string): Promise<XsdResult> {
  const [one] = await validateManyAgainstSchema([xml]);
  return one ?? { valid: false, errors: [{ line: undefined, message: 'The validator gave no answer.' }] };
}
