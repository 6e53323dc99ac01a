import { type LocalKeys, mintToken, type TokenRequest } from './auth.ts';

/** A demo account: the token it signs in with, its id in `/local/accounts` and its label. */
export type DemoAccount = TokenRequest & { id: string; label: string; name: string; sub: string };

/**
 * One demo account per role, as printed by `npm start`; the app's sign-in lists them first
 * (`/local/accounts`, infra/local/local-accounts.ts).
 */
export const demoAccounts: DemoAccount[] = [
  {
    id: 'delegation-le-tien-chau',
    label: 'Đoàn kiểm tra — Lê Tiến Châu',
    role: 'delegation',
    leaderIds: ['le-tien-chau'],
    sub: 'demo-delegation',
    name: 'Đoàn kiểm tra thành phố',
  },
  {
    id: 'city-office-van-phong-thanh-uy',
    label: 'Văn phòng Thành ủy',
    role: 'city-office',
    orgId: 'van-phong-thanh-uy',
    sub: 'demo-van-phong-thanh-uy',
    name: 'Văn phòng Thành ủy',
  },
  {
    id: 'commune-nguyen-giap',
    label: 'Xã Nguyên Giáp (UBND xã)',
    role: 'commune',
    unitId: 'nguyen-giap',
    sub: 'demo-nguyen-giap',
    name: 'UBND xã Nguyên Giáp',
  },
  {
    id: 'commune-an-phu',
    label: 'Xã An Phú (UBND xã)',
    role: 'commune',
    unitId: 'an-phu',
    sub: 'demo-an-phu',
    name: 'UBND xã An Phú',
  },
];

/** Demo tokens last a working day, so one start serves a whole session of trying things. */
export async function mintDemoTokens(keys: LocalKeys) {
  return Promise.all(
    demoAccounts.map(async ({ id: _id, label, ...request }) => ({
      label,
      role: request.role,
      token: await mintToken(keys, { ...request, ttlSeconds: 12 * 3600 }),
    })),
  );
}
