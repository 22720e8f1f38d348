import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { errorCode } from '../../../test/helpers/http';
import { AppError } from '../../platform/http/errors';
import { GROUP_REQUEST_RULE, requestGroup } from './groups.usecases';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ask = (user: Awaited<ReturnType<typeof createUser>>, name: string) =>
  requestGroup({
    db: t.database.db,
    actor: actorFor(user),
    now: t.clock.now(),
    input: { name, kind: 'committee', purpose: 'An example group made up for a test.', website: '' },
  });

describe('the limit on asking for groups lives in the use case', () => {
  it('refuses a sixth request in an hour for that member only, and allows it the next hour', async () => {
    expect(GROUP_REQUEST_RULE).toMatchObject({ limit: 5, windowSeconds: 3600 });
    const asker = await createUser(t.database);
    for (let i = 1; i <= 5; i++) await ask(asker, `Example Circle ${i}`);
    const refused = await ask(asker, 'Example Circle 6').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('http.rate_limited');
    expect((await ask(await createUser(t.database), 'Example Ring')).status).toBe('pending');
    t.clock.advance(3600_000);
    expect((await ask(asker, 'Example Circle 6')).status).toBe('pending');
  });

  it('answers a request over the limit from the form with a 429 page that keeps what was typed', async () => {
    const asker = await createUser(t.database);
    for (let i = 1; i <= 5; i++) await ask(asker, `Example Loop ${i}`);
    const client = await clientFor(t, asker);
    const res = await client.post(
      '/groups',
      {
        name: 'Example Lending Circle',
        kind: 'committee',
        purpose: 'Lenders in the valley who share courier routes.',
        website: '',
      },
      { from: '/groups/new' },
    );
    expect(res.status).toBe(429);
    const html = await res.text();
    expect(errorCode(html)).toBeUndefined();
    expect(html).toContain('Too many attempts');
    expect(html).toContain('value="Example Lending Circle"');
    expect(html).toContain('Lenders in the valley who share courier routes.');
  });
});
