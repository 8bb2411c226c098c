import { describe, expect, test } from 'vitest';
import { foldName } from '../../../src/matching/names/fold-name.js';
import { areNicknames, nicknameGroupCount } from '../../../src/matching/names/nicknames.js';
import { hasHan, pinyinCharacterCount, toPinyin } from '../../../src/matching/names/pinyin.js';

describe('foldName', () => {
  test.each([
    ['José', 'jose'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['J.', 'j'],
    ['Jean-Pierre', 'jean pierre'],
    ['  Müller ', 'muller'],
    ['Straße', 'strasse'],
    ['Søren', 'soren'],
    ['Łukasz', 'lukasz'],
    ['François', 'francois'],
    ['NIÑO', 'nino'],
    ['王伟', '王伟'],
    ['김민준', '김민준'],
    ['robert', 'robert'],
  ])('%j -> %j', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });
});

describe('areNicknames', () => {
  test.each([
    ['bob', 'robert'],
    ['robert', 'bobby'],
    ['bill', 'william'],
    ['liam', 'william'],
    ['liz', 'elizabeth'],
    ['betty', 'elizabeth'],
    ['eliza', 'beth'],
    ['hannes', 'johannes'],
    ['hans', 'johannes'],
    ['paco', 'francisco'],
    ['pancho', 'francisco'],
    ['curro', 'paco'],
    ['pepe', 'jose'],
    ['peggy', 'margaret'],
    ['dick', 'richard'],
    ['jim', 'james'],
    ['sasha', 'alexander'],
    ['sascha', 'alexander'],
    ['chris', 'christopher'],
    ['chris', 'christine'],
    ['beppe', 'giuseppe'],
    ['kees', 'cornelis'],
    ['fritz', 'friedrich'],
    ['nacho', 'ignacio'],
  ])('%s ~ %s', (a, b) => {
    expect(areNicknames(a, b)).toBe(true);
    expect(areNicknames(b, a)).toBe(true);
  });

  test.each([
    ['bob', 'william'],
    ['christopher', 'christine'], // both "chris", but different names
    ['joseph', 'josephine'],
    ['john', 'jane'],
    ['robert', 'smith'],
    ['zzz', 'zzz'],
  ])('not %s ~ %s', (a, b) => {
    expect(areNicknames(a, b)).toBe(false);
  });

  test('ships at least 300 groups', () => {
    expect(nicknameGroupCount).toBeGreaterThanOrEqual(300);
  });
});

describe('toPinyin', () => {
  test.each([
    ['王伟', 'wang wei'],
    ['李娜', 'li na'],
    ['张伟', 'zhang wei'],
    ['陈静', 'chen jing'],
    ['陳靜', 'chen jing'],
    ['刘洋', 'liu yang'],
    ['黄晓明', 'huang xiao ming'],
    ['曾志伟', 'zeng zhi wei'],
    ['吕芳', 'lü fang'],
    ['欧阳娜娜', 'ou yang na na'],
    ['王 伟', 'wang wei'],
    ['伟', 'wei'],
  ])('%s -> %s', (text, pinyin) => {
    expect(toPinyin(text)).toBe(pinyin);
  });

  test.each([['王𠀀'], ['Wang'], ['王A'], ['']])('%j is not known', (text) => {
    expect(toPinyin(text)).toBeUndefined();
  });

  test('covers the 100 most common surnames, simplified and traditional', () => {
    const surnames =
      '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤' +
      '陳黃張劉趙吳鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸楊孫馬羅賈韋閆龍賀顧萬嚴蔣龔錢湯鄒';
    const missing = [...surnames].filter((c) => toPinyin(c) === undefined);
    expect(missing).toEqual([]);
  });

  test('covers common given-name characters', () => {
    const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国红梅丹宇浩晨鹏飞子涵欣怡梓轩萱诗雨思博一嘉佳琪可心语若晗宸睿沐辰锦泽奕铭凯皓天逸安航昊煜哲俊宁瑞成然彤颖瑶雪倩婷慧莉萍燕菲蓉琳玲妍月晴雯悦';
    expect([...given].filter((c) => toPinyin(c) === undefined)).toEqual([]);
    expect(pinyinCharacterCount).toBeGreaterThan(500);
  });

  test('hasHan', () => {
    expect(hasHan('王伟')).toBe(true);
    expect(hasHan('Wang Wei')).toBe(false);
  });
});
