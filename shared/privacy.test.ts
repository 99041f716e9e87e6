import { describe, expect, it } from 'vitest';
import { maskAddress, maskFreeText } from './privacy.ts';

describe('personal data in free text', () => {
  it('masks mobiles, landlines with their area code and 18-digit ID numbers', () => {
    expect(maskFreeText('请回电13912345678或021-65432100')).toBe('请回电139****5678或021-****2100');
    expect(maskFreeText('联系0512 87654321')).toBe('联系0512-****4321');
    expect(maskFreeText('身份证310110195803154327')).toBe('身份证310***********4327');
  });

  it('leaves dates written as digits and ordinary numbers alone', () => {
    expect(maskFreeText('20130503起漏水，共3户')).toBe('20130503起漏水，共3户');
    expect(maskFreeText('11月5号上门')).toBe('11月5号上门');
  });

  it('masks the reporter, the given name and the forms made from the surname', () => {
    const text = '彭丽萍反映楼道堆物，丽萍说彭阿姨和老彭都同意；小彭师傅也在';
    expect(maskFreeText(text, '彭丽萍')).toBe(
      '彭**反映楼道堆物，**说*阿姨和老*都同意；小*师傅也在',
    );
    expect(maskFreeText('匿名来电', '匿名')).toBe('匿名来电');
  });

  it('keeps an address above the house: the road and 弄, not the 号 or 室', () => {
    expect(maskAddress('长白路100弄5号301室')).toBe('长白路100弄');
    expect(maskAddress('长白路1号')).toBe('长白路');
    expect(maskAddress('国定路')).toBe('国定路');
    expect(maskFreeText('住长白路100弄5号301室的居民')).toBe('住长白路100弄*号*室的居民');
  });
});
