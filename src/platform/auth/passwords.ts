// Loaded on first use: a native module that start-up does not need.
const argon2 = () => import('@node-rs/argon2');

export const PASSWORD_LIMITS = { min: 10, max: 200 } as const;

// Algorithm.Argon2id (a const enum the compiler cannot import under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2 } as const;

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS);
}

// Verified against when the email is unknown, so both answers take as long.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  const { hash, verify } = await argon2();
  if (!storedHash) {
    dummyHash ??= hash('not-a-real-password-0000', OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
