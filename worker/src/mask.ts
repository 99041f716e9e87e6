/**
 * How a resident's name and phone look to a level that may not see them in full (139****1139,
 * 王**). Who sees them in full is decided in records.ts (`seesResidents`).
 */

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const landline = /^(0\d{2,3})-(\d+)$/.exec(phone);
  if (landline) return `${landline[1]}-****${landline[2]!.slice(-4)}`;
  return phone.length > 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskName(name: string | null): string | null {
  if (!name || name === '匿名') return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
