/**
 * The words and numbers the demo district is written with (channels, summaries, names, roads …)
 * and its seeded generator: deterministic, so the same seed gives the same ledgers.
 */
export const CHANNELS = ['走访', '接待', '来电', '来信', '网上', '征求意见卡', '结对', '其他'];
export const CATEGORY_SUMMARIES: Record<string, string[]> = {
  基础设施: ['雨天小区道路积水严重', '楼道电线老化存在安全隐患', '小区路灯损坏夜间出行不便'],
  城市管理: ['非机动车乱停放堵塞消防通道', '违章搭建影响采光', '沿街商铺占道经营'],
  住房与旧改: ['二级旧里煤卫合用问题', '老房屋顶漏水需要维修', '旧改征收补偿政策咨询'],
  就业与社保: ['失业人员再就业培训咨询', '灵活就业社保缴纳问题', '退休金调整咨询'],
  社会救助: ['孤老生活困难需要帮困', '重残人员护理补贴申请', '低保申请材料咨询'],
  医疗卫生: ['社区卫生服务中心配药不便', '家庭医生签约咨询', '老人就医陪护需求'],
  教育: ['适龄儿童入学政策咨询', '社区托育点名额不足', '课后看护服务需求'],
  治安与纠纷: ['邻里噪音纠纷协调', '楼上漏水引发邻里矛盾', '小区门禁损坏外来人员随意进出'],
  环境卫生: ['垃圾箱房异味严重', '小区河道有垃圾', '绿化带杂草丛生蚊虫多'],
  企业服务: ['企业用工招聘需要政策支持', '小微企业融资困难', '企业办证流程咨询'],
  政策咨询: ['居住证积分政策咨询', '老年综合津贴办理咨询', '公积金提取政策咨询'],
  其他: ['希望增设社区活动场所', '建议增开社区巴士线路', '反映快递柜设置不合理'],
};
export const CATEGORIES = Object.keys(CATEGORY_SUMMARIES);
export const RESULTS = [
  '已协调相关部门处理完毕',
  '现场踏勘后已维修',
  '经协调双方达成一致',
  '已向居民解释政策并协助办理',
  '已组织集体会诊并落实整改',
];
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = [
  '建华',
  '秀英',
  '桂兰',
  '海燕',
  '伟民',
  '玉兰',
  '丽萍',
  '国平',
  '雪芳',
  '志强',
  '美华',
  '明',
  '勇',
  '静',
  '杰',
  '敏',
  '超',
  '洋',
  '娟',
  '丽',
  '建国',
  '月梅',
  '锡根',
  '阿毛',
];
export const ROADS = [
  '长白路',
  '安波路',
  '开鲁路',
  '国定路',
  '政立路',
  '民京路',
  '松花江路',
  '控江路',
  '延吉东路',
  '靖宇东路',
  '殷行路',
  '黄兴路',
];
export const HOUSEHOLD_TYPES = [
  '普通户',
  '困难户',
  '孤老',
  '重残重病',
  '独居老人',
  '离休干部',
  '军烈属',
  '模范人物',
  '工商个体户',
];
export const NEEDS = [
  '行动不便需送医配药',
  '子女失业',
  '希望参加社区活动',
  '房屋漏水',
  '申请帮困补助',
  null,
];
export const VISIT_TYPES = [
  '定点联系日',
  '政策宣讲',
  '解决问题',
  '帮困带富',
  '群众评议',
  '走访两委班子',
  '走访帮困对象',
  '走访模范人物',
  '走访工商户',
  '梳理民生政策',
];
export const VISIT_CONTENT = [
  '宣传惠民政策',
  '听取对社区工作的意见',
  '协调解决楼道漏水',
  '送慰问品',
  '了解生活困难情况',
];
export const RANKS = ['局级', '处级', '科级', '其他'];
/**
 * Yangpu's own practice: its sub-districts are rated by 社区干部 and 群众 (逐项量化, the four items);
 * its departments by the residents and, at year-end, by each sub-district (条块互评).
 */
export const UNIT_GROUPS = ['社区干部', '群众'];
export const RATERS_PER_GROUP = 3;

/** mulberry32: a small, well-distributed deterministic generator. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
