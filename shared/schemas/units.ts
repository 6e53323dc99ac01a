import { itemsOf, Slug, StoredNumber, UnitParams } from './common.ts';
import { defineContract, readContract } from './contract.ts';
import * as z from './zod.ts';

export const UnitKind = z.enum(['xa', 'phuong', 'dac-khu']);

export const Unit = z.named(
  'Unit',
  () =>
    z.strictObject({
      id: Slug,
      name: z.string().check(z.minLength(1), z.maxLength(200)),
      kind: UnitKind,
      /** Former units merged into this one on 1 July 2025. */
      formedFrom: z.array(z.string()),
      areaKm2: z.optional(StoredNumber().check(z.positive())),
      /** The reference figures are lower bounds ("more than 35,100 people"). */
      populationAtLeast: z.optional(z.int().check(z.positive())),
      subUnits: z.optional(
        z.strictObject({
          count: z.int().check(z.positive()),
          kind: z.enum(['thon', 'khu-dan-cu', 'to-dan-pho']),
        }),
      ),
      serviceCenter: z.strictObject({
        name: z.string(),
        areaM2: z.optional(StoredNumber().check(z.positive())),
        staff: z.optional(z.int().check(z.positive())),
      }),
      /** Economic and other notes worth knowing before a visit. */
      notes: z.array(z.string()),
      /** Addresses that receive the unit's digests. */
      contacts: z.array(z.email()),
    }),
  'A commune, ward or special zone',
);

export type Unit = z.infer<typeof Unit>;

export const UnitList = z.named('UnitList', () => itemsOf(Unit));

export const listUnitsContract = defineContract({
  name: 'listUnits',
  summary: 'List the communes and wards, in Vietnamese alphabetical order',
  tags: ['units'],
  responses: { 200: { description: 'The units', schema: UnitList } },
});

export const getUnitContract = readContract(
  { name: 'getUnit', summary: 'Get one commune or ward', tags: ['units'] },
  UnitParams,
  { description: 'The unit', schema: Unit },
  { description: 'No such unit' },
);
