/**
 * Values kept in the workbook itself (Excel's workbook settings): a submission's receipt and
 * idempotency key travel with the file, so submitting the same workbook again is recognised.
 */
const PREFIX = 'minqing.';

export async function readSetting<T>(ctx: Excel.RequestContext, key: string): Promise<T | null> {
  const item = ctx.workbook.settings.getItemOrNullObject(PREFIX + key);
  item.load('isNullObject, value');
  await ctx.sync();
  if (item.isNullObject || typeof item.value !== 'string') return null;
  return JSON.parse(item.value) as T;
}

export async function writeSetting(
  ctx: Excel.RequestContext,
  key: string,
  value: unknown,
): Promise<void> {
  ctx.workbook.settings.add(PREFIX + key, JSON.stringify(value));
  await ctx.sync();
}
