/**
 * Reference data of the Hải Phòng case (July 2025): the units the leaders visited, the
 * leaders, and the city offices that received follow-up tasks. Facts and figures come
 * from the reference report; the descriptions are our own words. Addresses use the
 * reserved `.example` domain: a real deployment loads its own directory.
 */
import type { Leader, Org } from '#shared/schemas/directory.ts';
import type { Unit } from '#shared/schemas/units.ts';

const mail = (local: string) => `${local}@haiphong.example`;

const kindNames: Record<Unit['kind'], string> = {
  xa: 'xã',
  phuong: 'phường',
  'dac-khu': 'đặc khu',
};

type UnitFacts = Omit<Unit, 'formedFrom' | 'serviceCenter' | 'contacts'> & {
  formedFrom?: string[];
  serviceCenter?: Omit<Unit['serviceCenter'], 'name'>;
};

/** A unit's service center bears its name and receives its digests at `ttphvhc.<id>`. */
function unit({
  id,
  name,
  kind,
  formedFrom = [],
  serviceCenter,
  notes,
  ...figures
}: UnitFacts): Unit {
  return {
    id,
    name,
    kind,
    formedFrom,
    ...figures,
    serviceCenter: {
      name: `Trung tâm Phục vụ hành chính công ${kindNames[kind]} ${name}`,
      ...serviceCenter,
    },
    notes,
    contacts: [mail(`ttphvhc.${id}`)],
  };
}

const settling =
  'Bộ máy đã ổn định sau bốn ngày đầu; còn lúng túng với nhiệm vụ mới về xây dựng, tài chính.';

export const units: Unit[] = [
  unit({
    id: 'an-phu',
    name: 'An Phú',
    kind: 'xa',
    formedFrom: [
      'xã An Phú',
      'xã An Bình',
      'một phần xã Cộng Hòa (huyện Nam Sách cũ, tỉnh Hải Dương)',
    ],
    areaKm2: 27.25,
    populationAtLeast: 35100,
    subUnits: { count: 20, kind: 'thon' },
    serviceCenter: { areaM2: 160, staff: 7 },
    notes: [
      'Trên địa bàn có các khu công nghiệp An Phát 1, Nam Sách 1 và cụm công nghiệp An Đồng.',
    ],
  }),
  unit({
    id: 'ai-quoc',
    name: 'Ái Quốc',
    kind: 'phuong',
    formedFrom: [
      'phường Ái Quốc',
      'xã Quyết Thắng',
      'một phần xã Hồng Lạc (thành phố Hải Dương và huyện Thanh Hà cũ)',
    ],
    areaKm2: 17.83,
    populationAtLeast: 24700,
    subUnits: { count: 15, kind: 'khu-dan-cu' },
    serviceCenter: { areaM2: 155 },
    notes: ['Có khu công nghiệp Nam Sách; giao thông thuận lợi cho công nghiệp và logistics.'],
  }),
  unit({ id: 'hong-an', name: 'Hồng An', kind: 'phuong', notes: [settling] }),
  unit({ id: 'an-lao', name: 'An Lão', kind: 'xa', notes: [settling] }),
  unit({
    id: 'nguyen-giap',
    name: 'Nguyên Giáp',
    kind: 'xa',
    notes: [
      'Bộ máy hoàn thành từ 1/7/2025; còn thiếu công chức, phòng làm việc, trang thiết bị; đường kết nối xuống cấp.',
    ],
  }),
];

export const leaders: Leader[] = [
  {
    id: 'le-tien-chau',
    name: 'Lê Tiến Châu',
    title: 'Ủy viên Trung ương Đảng, Bí thư Thành ủy Hải Phòng',
    titleEn: 'Central Committee member, Secretary of the City Party Committee',
    email: mail('bithu'),
  },
  {
    id: 'le-van-hieu',
    name: 'Lê Văn Hiệu',
    title: 'Phó Bí thư Thành ủy, Chủ tịch HĐND thành phố',
    titleEn: "Deputy Secretary, Chair of the City People's Council",
    email: mail('chutich.hdnd'),
  },
  {
    id: 'do-manh-hien',
    name: 'Đỗ Mạnh Hiến',
    title: 'Phó Bí thư Thường trực Thành ủy',
    titleEn: 'Standing Deputy Secretary of the City Party Committee',
    email: mail('phobithu.thuongtruc'),
  },
];

export const orgs: Org[] = [
  {
    id: 'van-phong-thanh-uy',
    name: 'Văn phòng Thành ủy',
    kind: 'party-office',
    head: { title: 'Chánh Văn phòng Thành ủy', email: mail('vanphong.thanhuy') },
    readsAll: true,
  },
  {
    id: 'van-phong-doan-dbqh-hdnd',
    name: 'Văn phòng Đoàn ĐBQH và HĐND thành phố',
    kind: 'council-office',
    head: { title: 'Chánh Văn phòng Đoàn ĐBQH và HĐND', email: mail('vanphong.hdnd') },
    readsAll: true,
  },
  {
    id: 'so-xay-dung',
    name: 'Sở Xây dựng',
    kind: 'department',
    head: { title: 'Giám đốc Sở Xây dựng', email: mail('soxaydung') },
  },
  {
    id: 'so-tai-chinh',
    name: 'Sở Tài chính',
    kind: 'department',
    head: { title: 'Giám đốc Sở Tài chính', email: mail('sotaichinh') },
  },
  {
    id: 'so-noi-vu',
    name: 'Sở Nội vụ',
    kind: 'department',
    head: { title: 'Giám đốc Sở Nội vụ', email: mail('sonoivu') },
  },
];
