/**
 * The people, offices, communes and digest stores the digest and calendar tests use: one set, so a
 * test names only what it is about.
 */
import type { DigestSource } from '#shared/domain/digests/compose.ts';
import type { DigestStore } from '#shared/domain/digests/run.ts';
import type { Digest } from '#shared/schemas/digests.ts';
import type { Leader, Org } from '#shared/schemas/directory.ts';
import type { Unit } from '#shared/schemas/units.ts';

export const cityLeader = (id: string, name: string): Leader => ({
  id,
  name,
  title: 'Lãnh đạo thành phố',
  titleEn: 'City leader',
  email: `${id}@haiphong.example`,
});

/** Three leaders, each mailed at `<id>@haiphong.example`. */
export const cityLeaders = [
  cityLeader('le-tien-chau', 'Lê Tiến Châu'),
  cityLeader('do-manh-hien', 'Đỗ Mạnh Hiến'),
  cityLeader('nguyen-van-tung', 'Nguyễn Văn Tùng'),
];

/** The party office, which reads everything and hears of every escalation. */
export const partyOffice: Org = {
  id: 'van-phong-thanh-uy',
  name: 'Văn phòng Thành ủy',
  kind: 'party-office',
  head: { title: 'Chánh Văn phòng', email: 'vp@haiphong.example' },
  readsAll: true,
};

/** A commune (xã) with no history, notes or contacts unless the patch gives them. */
export const communeUnit = (id: string, name: string, patch: Partial<Unit> = {}): Unit => ({
  id,
  name,
  kind: 'xa',
  formedFrom: [],
  serviceCenter: { name: 'TT' },
  notes: [],
  contacts: [],
  ...patch,
});

/** A digest source with nothing to tell: a test gives only what its digest is about. */
export const quietSource = (patch: Partial<DigestSource> = {}): DigestSource => ({
  units: async () => [],
  orgs: async () => [],
  leaders: async () => [],
  obstaclesCreatedBetween: async () => [],
  obstaclesInStatus: async () => [],
  obstaclesEnteredStatusBetween: async () => [],
  openTasksDueBefore: async () => [],
  reportsOfDay: async () => [],
  ...patch,
});

/** The digests table's rules, in memory: first write wins, a claim takes only what is unsent. */
export function memoryDigests(): DigestStore & { items: Map<string, Digest> } {
  const items = new Map<string, Digest>();
  const update = (digest: Digest, delivery: Partial<Digest['delivery']>) => {
    const stored = items.get(digest.id) as Digest;
    items.set(digest.id, { ...stored, delivery: { ...stored.delivery, ...delivery } });
  };
  return {
    items,
    async putIfAbsent(digest) {
      if (items.has(digest.id)) return 'exists';
      items.set(digest.id, structuredClone(digest));
      return 'created';
    },
    async listPeriod(kind, period) {
      return [...items.values()]
        .filter((d) => d.kind === kind && d.period === period)
        .map((d) => structuredClone(d));
    },
    async claim(digest, now, leaseUntil) {
      const { delivery } = items.get(digest.id) as Digest;
      const free =
        delivery.status === 'pending' ||
        delivery.status === 'failed' ||
        (delivery.status === 'sending' && (delivery.leaseUntil ?? '') < now);
      if (!free) return false;
      update(digest, { status: 'sending', leaseUntil, attempts: delivery.attempts + 1 });
      return true;
    },
    async markSent(digest, now) {
      update(digest, { status: 'sent', sentAt: now, leaseUntil: undefined, lastError: undefined });
    },
    async markFailed(digest, error) {
      update(digest, { status: 'failed', lastError: error, leaseUntil: undefined });
    },
  };
}
