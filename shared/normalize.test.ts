import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEDGERS } from './ledgers/index.ts';
import {
  foldWidth,
  isoToSerial,
  normalizeBool,
  normalizeDate,
  normalizeEnum,
  normalizeText,
  serialToIso,
} from './normalize.ts';
import {
  normalizeInt,
  normalizeList,
  normalizePeriod,
  normalizePhone,
  normalizeScore,
} from './normalize-codes.ts';

const value = <T>(result: { ok: boolean; value?: T | null; code?: string }) =>
  result.ok ? result.value : `!${result.code}`;

describe('dates', () => {
  it.each([
    ['2026-05-03', '2026-05-03'],
    ['2026/5/3', '2026-05-03'],
    ['2026.5.3', '2026-05-03'],
    ['2026年5月3日', '2026-05-03'],
    ['2026 年 5 月 3 日', '2026-05-03'],
    ['20260503', '2026-05-03'],
    [20260503, '2026-05-03'],
    ['２０２６－０５－０３', '2026-05-03'],
    ['2026-05-03 00:00:00', '2026-05-03'],
    [46145, '2026-05-03'],
    [46145.75, '2026-05-03'],
  ])('reads %j as %s', (written, iso) => {
    expect(value(normalizeDate(written))).toBe(iso);
  });

  it('takes the title year for a date written without one, and refuses without a title year', () => {
    expect(value(normalizeDate('5月3日', { titleYear: 2025 }))).toBe('2025-05-03');
    expect(value(normalizeDate('5月3日'))).toBe('!MISSING_YEAR');
  });

  it.each(['26.3.5', '26/3/5', '3/5/2026', '05-03-2026'])('calls %s ambiguous', (written) => {
    expect(value(normalizeDate(written))).toBe('!AMBIGUOUS_DATE');
  });

  it.each(['3/5', '12/11', '3-5', '3.5'])(
    'calls %s ambiguous (month and day in unknown order, no year) even under a title year',
    (written) => {
      expect(value(normalizeDate(written, { titleYear: 2026 }))).toBe('!AMBIGUOUS_DATE');
    },
  );

  it.each(['2026-02-30', '2026-13-01', 'yesterday', '5/3/1', true, 0, 60])(
    'rejects %j',
    (written) => {
      expect(value(normalizeDate(written))).toBe('!BAD_DATE');
    },
  );

  it('follows Excel across its 1900 leap-year quirk', () => {
    expect(serialToIso(1)).toBe('1900-01-01');
    expect(serialToIso(59)).toBe('1900-02-28');
    expect(serialToIso(60)).toBeNull(); // 1900-02-29 never was
    expect(serialToIso(61)).toBe('1900-03-01');
    expect(serialToIso(45658)).toBe('2025-01-01');
    expect(isoToSerial('1900-02-28')).toBe(59);
    expect(isoToSerial('1900-03-01')).toBe(61);
  });

  it('reads a number in a date-formatted cell as a serial even when it looks like 20260503', () => {
    expect(value(normalizeDate(20260503, { dateCell: true }))).toBe(
      serialToIso(20260503) ?? '!BAD_DATE',
    );
  });

  it('round-trips every written form of any date', () => {
    const day = fc.date({
      min: new Date('1901-01-01'),
      max: new Date('2099-12-31'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        const forms = [
          iso,
          `${y}/${m}/${d}`,
          `${y}.${m}.${d}`,
          `${y}年${m}月${d}日`,
          iso.replaceAll('-', ''),
          isoToSerial(iso),
        ];
        for (const form of forms) expect(value(normalizeDate(form))).toBe(iso);
        expect(value(normalizeDate(`${m}月${d}日`, { titleYear: y }))).toBe(iso);
      }),
    );
  });
});

describe('phones', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['+86 13912345678', '13912345678'],
    ['8613912345678', '13912345678'],
    [13912345678, '13912345678'],
    ['021-65012345', '021-65012345'],
    ['021 6501 2345', '021-65012345'],
    ['02165012345', '021-65012345'],
    ['0571-8765432', '0571-8765432'],
    ['65012345', '021-65012345'],
    ['（021）65012345', '021-65012345'],
  ])('reads %j as %s', (written, canonical) => {
    expect(value(normalizePhone(written))).toBe(canonical);
  });

  it('gives a bare local number the district area code', () => {
    expect(value(normalizePhone('65012345', '0471'))).toBe('0471-65012345');
  });

  it("puts back the zero a number cell dropped from a landline of the district's own area code", () => {
    expect(value(normalizePhone(2165432100))).toBe('021-65432100');
    expect(value(normalizePhone(4716543210, '0471'))).toBe('0471-6543210');
    expect(value(normalizePhone(47165432100, '0471'))).toBe('0471-65432100');
  });

  it('leaves digits of another area code, or typed as text, an error', () => {
    // 01012345678 would be Beijing: not the district's, so no zero is put back.
    expect(value(normalizePhone(1012345678))).toBe('!BAD_PHONE');
    expect(value(normalizePhone(2165432100, '0471'))).toBe('!BAD_PHONE');
    expect(value(normalizePhone('2165432100'))).toBe('!BAD_PHONE');
  });

  it.each(['1381234567', '12912345678', '021-123', 'abc', '00000000', '139123456789'])(
    'rejects %s',
    (written) => {
      expect(value(normalizePhone(written))).toBe('!BAD_PHONE');
    },
  );
});

describe('enumerations, yes/no, numbers, periods, lists, text', () => {
  const status = LEDGERS.case.fields.find((f) => f.key === 'status')!;

  it('folds width, trims the ideographic space and maps synonyms', () => {
    expect(foldWidth('ＡＢ　１')).toBe('AB 1');
    expect(value(normalizeEnum('　办结 ', status.lookup!, status.values!))).toBe('已办结');
    expect(value(normalizeEnum('需上级协调', status.lookup!, status.values!))).toBe('上报');
  });

  it('names the allowed values when a value is unknown', () => {
    const result = normalizeEnum('搁置', status.lookup!, status.values!);
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_VALUE' });
    expect(result.ok === false && result.params?.allowed).toBe(
      '已受理、办理中、已答复、已办结、上报',
    );
  });

  it.each([
    ['是', true],
    ['√', true],
    ['✓', true],
    ['已签', true],
    ['Y', true],
    ['否', false],
    ['×', false],
    ['未签', false],
    ['N', false],
    [true, true],
    ['', null],
  ])('reads yes/no %j as %j', (written, bool) => {
    expect(value(normalizeBool(written))).toBe(bool);
  });

  it('reads counts with their unit and enforces bounds', () => {
    expect(value(normalizeInt('4人', 1, 20))).toBe(4);
    expect(value(normalizeInt('25', 1, 20))).toBe('!OUT_OF_RANGE');
    expect(value(normalizeInt('4.5', 1, 20))).toBe('!NOT_INTEGER');
    expect(value(normalizeScore('95分'))).toBe(95);
    expect(value(normalizeScore(101))).toBe('!OUT_OF_RANGE');
  });

  it.each([
    ['2026年度', '2026'],
    [2026, '2026'],
    ['2026H1', '2026H1'],
    ['2026年上半年', '2026H1'],
    ['2026Q2', '2026Q2'],
    ['2026年第二季度', '2026Q2'],
    ['2026-05', '2026-05'],
    ['2026年5月', '2026-05'],
  ])('reads period %j as %s', (written, period) => {
    expect(value(normalizePeriod(written))).toBe(period);
  });

  it('splits case-number lists on any separator', () => {
    expect(value(normalizeList('CB-1，CB-2 CB-3、CB-4'))).toEqual(['CB-1', 'CB-2', 'CB-3', 'CB-4']);
    expect(value(normalizeList(''))).toEqual([]);
  });

  it('drops invisible format characters, so a case number cannot be written two ways', () => {
    for (const written of ['INJ-ZW\u200b', '\u2060INJ-ZW', 'INJ\u00ad-ZW', 'INJ-\u200dZW\ufeff']) {
      expect(value(normalizeText(written))).toBe('INJ-ZW');
    }
    expect(value(normalizeText('\u200b'))).toBeNull();
    expect(value(normalizeList('CB-1\u200b、CB-2'))).toEqual(['CB-1', 'CB-2']);
    const channels = LEDGERS.case.fields.find((f) => f.key === 'channel')!;
    expect(value(normalizeEnum('来\u200b电', channels.lookup!, channels.values!))).toBe('来电');
  });

  it('refuses the bidi controls with their own code', () => {
    for (const bidi of ['\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(value(normalizeText(`王${bidi}秀英`))).toBe('!BIDI_CONTROL');
    }
    expect(value(normalizeList('CB-1,\u202eCB-2'))).toBe('!BIDI_CONTROL');
  });

  it('rejects control characters and over-long text', () => {
    expect(value(normalizeText('a\u0000b'))).toBe('!BAD_TEXT');
    expect(value(normalizeText('x'.repeat(11), 10))).toBe('!TOO_LONG');
  });
});

describe('properties', () => {
  const anything = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string()),
    fc.object(),
  );
  const normalisers = [
    (v: unknown) => normalizeDate(v, { titleYear: 2026 }),
    (v: unknown) => normalizePhone(v),
    (v: unknown) => normalizeBool(v),
    (v: unknown) => normalizeInt(v, 1, 20),
    (v: unknown) => normalizeScore(v),
    (v: unknown) => normalizePeriod(v),
    (v: unknown) => normalizeList(v),
    (v: unknown) => normalizeText(v),
  ];

  it("never calls a hostile object's own toString", () => {
    const hostile = JSON.parse('{"toString": [], "valueOf": 1}');
    for (const normalise of normalisers) expect(normalise(hostile).ok).toBe(false);
  });

  it('never throws, whatever a cell holds', () => {
    fc.assert(
      fc.property(anything, (cell) => {
        for (const normalise of normalisers) expect(() => normalise(cell)).not.toThrow();
      }),
    );
  });

  it('normalises a canonical value to itself', () => {
    fc.assert(
      fc.property(anything, (cell) => {
        for (const normalise of normalisers) {
          const once = normalise(cell);
          if (once.ok && once.value !== null) expect(normalise(once.value)).toEqual(once);
        }
      }),
    );
  });

  it('rejects an unknown enumeration value naming every allowed value', () => {
    const fields = Object.values(LEDGERS).flatMap((l) => l.fields.filter((f) => f.type === 'enum'));
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1 }), (field, written) => {
        const result = normalizeEnum(written, field.lookup!, field.values!);
        if (!result.ok) {
          expect(result.code).toBe('UNKNOWN_VALUE');
          for (const allowed of field.values!) expect(result.params?.allowed).toContain(allowed);
        } else if (result.value !== null) expect(field.values).toContain(result.value);
      }),
    );
  });
});
