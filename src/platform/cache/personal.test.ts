import { describe, expect, it } from 'vitest';
import { PersonalCache } from './personal';

const t0 = new Date('2026-03-02T15:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('members’ personal parts', () => {
  it('are filed per member: one member never gets another’s', async () => {
    const cache = new PersonalCache();
    expect(await cache.remember(1, 'unread', t0, async () => 5)).toBe(5);
    expect(await cache.remember(2, 'unread', t0, async () => 0)).toBe(0);
    expect(await cache.remember(1, 'unread', t0, async () => -1)).toBe(5);
    expect(await cache.remember(2, 'unread', t0, async () => -1)).toBe(0);
  });

  it('are asked again after their lifetime, and after any change', async () => {
    const cache = new PersonalCache({ ttlMs: 1000 });
    await cache.remember(1, 'unread', t0, async () => 1);
    expect(await cache.remember(1, 'unread', at(999), async () => 2)).toBe(1);
    expect(await cache.remember(1, 'unread', at(1000), async () => 2)).toBe(2);
    cache.clear();
    expect(await cache.remember(1, 'unread', at(1000), async () => 3)).toBe(3);
  });

  it('do not keep a value loaded while a change arrived', async () => {
    const cache = new PersonalCache();
    await cache.remember(1, 'watch', t0, async () => {
      cache.clear();
      return 'stale';
    });
    expect(await cache.remember(1, 'watch', t0, async () => 'fresh')).toBe('fresh');
  });

  it('keep a bounded number of members, the least recently active going first', async () => {
    const cache = new PersonalCache({ maxMembers: 2 });
    await cache.remember(1, 'k', t0, async () => 1);
    await cache.remember(2, 'k', t0, async () => 2);
    await cache.remember(1, 'k', t0, async () => -1);
    await cache.remember(3, 'k', t0, async () => 3);
    expect(cache.size).toBe(2);
    expect(await cache.remember(1, 'k', t0, async () => -1)).toBe(1);
    expect(await cache.remember(2, 'k', t0, async () => 22)).toBe(22);
  });
});
