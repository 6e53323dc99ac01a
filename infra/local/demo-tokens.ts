import type { LocalKeys, TokenRequest } from './auth.ts';
import { mintToken } from './auth.ts';

/** One demo account per role, as printed by `npm start`. */
export const demoAccounts: (TokenRequest & { label: string })[] = [
  {
    label: 'delegation (Lê Tiến Châu)',
    role: 'delegation',
    leaderIds: ['le-tien-chau'],
    sub: 'demo-delegation',
    name: 'Đoàn kiểm tra thành phố',
  },
  {
    label: 'city-office (Văn phòng Thành ủy)',
    role: 'city-office',
    orgId: 'van-phong-thanh-uy',
    sub: 'demo-van-phong-thanh-uy',
    name: 'Văn phòng Thành ủy',
  },
  {
    label: 'commune (Nguyên Giáp)',
    role: 'commune',
    unitId: 'nguyen-giap',
    sub: 'demo-nguyen-giap',
    name: 'UBND xã Nguyên Giáp',
  },
  {
    label: 'commune (An Phú)',
    role: 'commune',
    unitId: 'an-phu',
    sub: 'demo-an-phu',
    name: 'UBND xã An Phú',
  },
];

/** Demo tokens last a working day, so one start serves a whole session of trying things. */
export async function mintDemoTokens(keys: LocalKeys) {
  return Promise.all(
    demoAccounts.map(async ({ label, ...request }) => ({
      label,
      token: await mintToken(keys, { ...request, ttlSeconds: 12 * 3600 }),
    })),
  );
}
