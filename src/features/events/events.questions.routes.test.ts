import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventInput } from '../../../test/helpers/events';
import { errorCode } from '../../../test/helpers/http';
import { EVENT_LIMITS } from './events.models';
import { questionsOf } from './events.questions.repository';
import { addSession, createEvent } from './events.usecases';

let t: TestApp;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC: the example event starts on 10 March.
  t = await createTestApp();
});
afterAll(() => t.close());

async function added(over: Parameters<typeof eventInput>[0] = {}) {
  const organiser = await createUser(t.database);
  const { event } = await createEvent({
    db: t.database.db,
    actor: actorFor(organiser),
    now: t.clock.now(),
    input: eventInput(over),
  });
  return { event, organiser };
}

async function member(displayName?: string) {
  const user = await createUser(t.database, displayName ? { displayName } : {});
  return { user, client: await clientFor(t, user) };
}

const SCRIPT = '<script>alert("asked")</script> & <img src=x onerror=alert(1)>';

describe('questions for the speakers on the event page', () => {
  it('offers anonymous readers a way to sign in, and members the form', async () => {
    const { event } = await added();
    const anonymous = await (await new TestClient(t.app).get(`/events/${event.id}`)).text();
    expect(anonymous).toContain('Before: questions for the speakers');
    expect(anonymous).toContain(`/sign-in?next=${encodeURIComponent(`/events/${event.id}#questions`)}`);
    expect(anonymous).not.toContain(`action="/events/${event.id}/questions"`);
    const { client } = await member();
    const page = await (await client.get(`/events/${event.id}`)).text();
    expect(page).toContain(`action="/events/${event.id}/questions"`);
    expect(page).toContain('Your question for the speakers');
    expect(page).toContain(`maxlength="${EVENT_LIMITS.question}"`);
  });

  it('shows a posted question to everyone with its author’s name, escaped, with the session chosen', async () => {
    const { event, organiser } = await added();
    const { session } = await addSession({
      db: t.database.db,
      actor: actorFor(organiser),
      now: t.clock.now(),
      eventId: event.id,
      input: {
        title: 'Courier networks',
        speakers: [{ name: 'Example Speaker' }],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      },
    });
    const { client } = await member('Example Questioner');
    const res = await client.post(
      `/events/${event.id}/questions`,
      { body: SCRIPT, sessionId: String(session.id) },
      { from: `/events/${event.id}` },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/events/${event.id}\\?notice=question#question-\\d+$`));
    const anonymous = await (await new TestClient(t.app).get(`/events/${event.id}`)).text();
    expect(anonymous).toContain(
      '&lt;script&gt;alert(&quot;asked&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(anonymous).not.toContain('<script>alert(');
    expect(anonymous).not.toContain('<img src=x');
    expect(anonymous).toContain('Asked by Example Questioner');
    expect(anonymous).toContain('For the session “Courier networks”');
  });

  it('refuses a form without its CSRF token and saves nothing', async () => {
    const { event } = await added();
    const { client } = await member();
    const res = await client.post(`/events/${event.id}/questions`, { body: 'Planted question' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBe('http.csrf_failed');
    expect(await questionsOf(t.database.db, event.id, null)).toEqual([]);
  });

  it('answers an over-long question with the form again, the error next to the field (400)', async () => {
    const { event } = await added();
    const { client } = await member();
    const res = await client.post(
      `/events/${event.id}/questions`,
      { body: 'y'.repeat(EVENT_LIMITS.question + 5) },
      { from: `/events/${event.id}` },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="field-error" id="q-body-error">[\s\S]*?longer than 1000 characters/);
    expect(html).toContain('aria-invalid="true"');
    expect(await questionsOf(t.database.db, event.id, null)).toEqual([]);
  });

  it('says asking is closed once the event has started (409 with the stable code)', async () => {
    const { event } = await added({
      startsAt: new Date('2026-03-02T14:00:00Z'),
      endsAt: new Date('2026-03-02T18:00:00Z'),
    });
    const { client } = await member();
    const page = await (await client.get(`/events/${event.id}`)).text();
    expect(page).toContain('Asking closed when the event started.');
    expect(page).not.toContain(`action="/events/${event.id}/questions"`);
    const res = await client.post(
      `/events/${event.id}/questions`,
      { body: 'Too late?' },
      { from: `/events/${event.id}` },
    );
    expect(res.status).toBe(409);
    expect(errorCode(await res.text())).toBe('events.questions_closed');
  });

  it('lets the author delete their question and another member second it, never remove it (403)', async () => {
    const { event } = await added();
    const author = await member();
    await author.client.post(
      `/events/${event.id}/questions`,
      { body: 'Who pays return postage?' },
      { from: `/events/${event.id}` },
    );
    const [question] = await questionsOf(t.database.db, event.id, null);
    const other = await member();
    const page = await (await other.client.get(`/events/${event.id}`)).text();
    expect(page).toContain('I want to ask this too');
    expect(page).not.toContain(`/questions/${question!.id}/remove`);
    const seconded = await other.client.post(`/events/${event.id}/questions/${question!.id}/second`, { on: 'yes' });
    expect(seconded.status).toBe(303);
    const again = await (await other.client.get(`/events/${event.id}`)).text();
    expect(again).toContain('1 other member wants to ask this too');
    expect(again).toContain('aria-pressed="true"');
    const refused = await other.client.post(`/events/${event.id}/questions/${question!.id}/remove`, {});
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe('events.may_not_remove_question');

    const own = await (await author.client.get(`/events/${event.id}`)).text();
    expect(own).toContain('Delete my question');
    const removed = await author.client.post(`/events/${event.id}/questions/${question!.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(await questionsOf(t.database.db, event.id, null)).toEqual([]);
  });
});
