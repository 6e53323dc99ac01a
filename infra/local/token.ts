/** `npm run token -- --role commune --unit nguyen-giap`: mints a local access token. */
import { parseArgs } from 'node:util';
import { type Role, roles } from '#functions/manifest.ts';
import { loadOrCreateKeys, mintToken } from './auth.ts';
import { defaultDataDir } from './paths.ts';

const usage = `Usage: npm run token -- --role <${roles.join('|')}> [--unit <unitId>] [--org <orgId>]
                       [--leader <leaderId>]... [--name <display name>] [--sub <user id>]
                       [--ttl <seconds>]
  commune needs --unit (e.g. nguyen-giap); city-office needs --org (e.g. van-phong-thanh-uy);
  delegation needs --leader (e.g. le-tien-chau), once per leader it acts for.`;

function main() {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        role: { type: 'string' },
        unit: { type: 'string' },
        org: { type: 'string' },
        leader: { type: 'string', multiple: true },
        name: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
      },
    });
  }
  try {
    ({ values } = parse());
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
    process.exit(2);
  }
  const role = values.role as Role | undefined;
  if (!role || !roles.includes(role)) {
    console.error(`--role must be one of: ${roles.join(', ')}\n\n${usage}`);
    process.exit(2);
  }
  if (role === 'commune' && !values.unit) {
    console.error(`A commune token needs --unit.\n\n${usage}`);
    process.exit(2);
  }
  if (role === 'city-office' && !values.org) {
    console.error(`A city-office token needs --org.\n\n${usage}`);
    process.exit(2);
  }
  // `--leader a --leader b`, or `--leader a,b` as the attribute itself is written.
  const leaderIds = (values.leader ?? []).flatMap((value) => value.split(',')).filter(Boolean);
  if (role === 'delegation' && leaderIds.length === 0) {
    console.error(`A delegation token needs --leader.\n\n${usage}`);
    process.exit(2);
  }
  const ttlSeconds = values.ttl ? Number(values.ttl) : 12 * 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    console.error('--ttl must be a whole number of seconds.');
    process.exit(2);
  }
  return loadOrCreateKeys(defaultDataDir).then((keys) =>
    mintToken(keys, {
      role,
      unitId: values.unit,
      orgId: values.org,
      leaderIds: leaderIds.length ? leaderIds : undefined,
      name: values.name,
      sub: values.sub,
      ttlSeconds,
    }).then((token) => console.log(token)),
  );
}

await main();
