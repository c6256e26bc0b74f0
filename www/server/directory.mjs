// The relying parties' own data for the demo: the employer's roster and the hospital's
// eligibility table (資格確認), both keyed by what a verified user-authentication certificate
// proves — its issuer and serial number. The authentication certificate carries no name, so a
// relying party maps it to its own records (in production: enrolled once, e.g. after eKYC).

/** Issuer (RFC 4514, as verifyToken reports it) of the TEST authentication certificates. */
export const TEST_AUTH_ISSUER =
  'OU=TEST hierarchy - not issued by J-LIS,OU=JPKI for user authentication TEST,O=JPKI TEST,C=JP';

/** The lookup key a relying party derives from a verified certificate: issuer + serial. */
export function lookupKey(certificate) {
  return `${certificate.issuer}#${certificate.serialNumber}`;
}

/** Employees enrolled with their card (the virtual card's TEST auth certificate). */
const ROSTER = new Map([
  [`${TEST_AUTH_ISSUER}#01234567`, {
    employeeId: 'E-1024',
    name: { ja: '山田 花子', en: 'Hanako Yamada' },
    department: { ja: '開発部', en: 'Engineering' },
    gates: ['HQ-1F', 'HQ-3F', 'LAB'],
  }],
]);

/** Eligibility (オンライン資格確認) records of the hospital's small local table. */
const ELIGIBILITY = new Map([
  [`${TEST_AUTH_ISSUER}#01234567`, {
    insurer: { ja: '全国健康保険協会 東京支部（TEST）', en: 'Japan Health Insurance Association, Tokyo (TEST)' },
    insurerNumber: '01130012',
    symbol: '1234',
    number: '5678',
    copayPercent: 30,
    validFrom: '2024-04-01',
    validUntil: '2028-12-31',
    limitCertificate: { ja: '限度額適用認定：区分ウ', en: 'High-cost ceiling category: U' },
  }],
]);

/** The employee enrolled with this certificate, or null. */
export function findEmployee(certificate) {
  return ROSTER.get(lookupKey(certificate)) ?? null;
}

/** The eligibility record for this certificate, or null. */
export function findEligibility(certificate) {
  return ELIGIBILITY.get(lookupKey(certificate)) ?? null;
}
