/**
 * Hand-written evaluation pairs: headline rewrites of real wire items, URL variants, and the hard negatives
 * (template twins, same event on another day, same company with other news, shared boilerplate only).
 * `base` names a real item from the copied feeds (cn-<chinanews id>, pp-<people id>, jf-seed); fields given
 * override it. Texts without a base are written for this set, modelled on real Chinese wire style.
 */

export interface ItemSpec {
  base?: string;
  sourceId?: string;
  url?: string | null;
  title?: string;
  text?: string;
  /** Replace the base body by its first n characters. */
  trimTo?: number;
  /** Hours added to the base's publishedAt (or to `at`). */
  shiftHours?: number;
  at?: string;
}

export interface PairSpec {
  label: 'same' | 'different';
  how: string;
  a: ItemSpec;
  b: ItemSpec;
}

const T0 = '2026-04-18T10:00:00.000Z';
const tpl = (who: string, what: string) =>
  `${who}今天发布${what}，明确自2027年1月1日起施行。新规共五章三十条，对相关领域的准入条件、日常监管和法律责任作出规定，并要求各地在三个月内完成配套细则的制定工作。`;

export const HANDMADE: PairSpec[] = [
  // ---- positives: headline rewritten by the republishing outlet, same wire body ----------------------------------
  { label: 'same', how: 'headline rewrite (colon form), same Xinhua body', a: { base: 'pp-31835118' }, b: { base: 'pp-31835118', sourceId: 'xinhuanet', url: 'http://www.news.cn/politics/2020-08/24/c_1126406785.htm', title: '水利部：水旱灾害防御应急响应降为Ⅲ级', shiftHours: -8 } },
  { label: 'same', how: 'headline rewrite naming the source, body plus one added sentence', a: { base: 'cn-10606399' }, b: { base: 'cn-10606399', sourceId: 'xinhuanet', url: 'http://www.news.cn/world/20260419/abc123/c.html', title: '劳埃德船舶日报：霍尔木兹海峡航运18日傍晚再次陷入停滞', text: '新华社伦敦4月18日电(记者高文成)据英国航运媒体《劳埃德船舶日报》报道，霍尔木兹海峡航运18日傍晚再次陷入停滞。此前，无线电通信警告称，伊朗武装部队已恢复对该海峡的“严格管理和控制”。相关海域内多艘船只听到警告，并已得到证实。报道说，目前尚不清楚航运何时恢复。', shiftHours: -1 } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606398' }, b: { base: 'cn-10606398', sourceId: 'people', url: 'http://world.people.com.cn/n1/2026/0419/c1002-40001.html', title: '墨西哥莫雷洛斯州一酒吧遭袭 至少8人死亡', shiftHours: 2 } },
  { label: 'same', how: 'headline rewrite (speaker first), same body', a: { base: 'cn-10606382' }, b: { base: 'cn-10606382', sourceId: 'xinhuanet', title: '土耳其外长：以色列以安全为借口攫取更多土地', url: 'http://www.news.cn/world/20260418/t1/c.html' } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606381' }, b: { base: 'cn-10606381', sourceId: 'guancha', title: '佩特罗：美国若一意孤行，拉美国家将再次“反抗”', url: 'https://www.guancha.cn/internation/2026_04_18_1.shtml' } },
  { label: 'same', how: 'headline rewrite, body trimmed to its first 120 characters', a: { base: 'cn-10606385' }, b: { base: 'cn-10606385', sourceId: '12306news', title: '五一假期铁路每天增开直通夜间高铁约700列', trimTo: 120, url: 'https://news.example-rail.cn/2026/0418/1.html', shiftHours: 3 } },
  { label: 'same', how: 'short headline rewrite, body = first paragraph only', a: { base: 'pp-31836042' }, b: { base: 'pp-31836042', sourceId: 'ccdi', title: '北京市政协副主席李伟被查', trimTo: 60, url: 'https://www.ccdi.gov.cn/scdcn/zggb/zjsc/202008/t20200825_1.html' } },
  { label: 'same', how: 'headline rewrite (person first), same 本报 body', a: { base: 'pp-31835068' }, b: { base: 'pp-31835068', sourceId: 'cppcc', title: '汪洋出席全国地方政协工作经验交流会并讲话', url: 'http://www.cppcc.gov.cn/zxww/2020/08/25/ARTI1.shtml' } },
  { label: 'same', how: 'question headline rewrite, body trimmed to the first 400 characters', a: { base: 'jf-seed' }, b: { base: 'jf-seed', sourceId: 'thepaper', title: '上海AI全产业链布局是怎样形成的？', trimTo: 400, url: 'https://www.thepaper.cn/newsDetail_forward_2800001' } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606388' }, b: { base: 'cn-10606388', sourceId: 'huanqiu', title: '外贝加尔边疆区大巴翻车 2名中国公民遇难', url: 'https://world.huanqiu.com/article/4Q1' } },
  { label: 'same', how: 'headline rewrite, dateline changed to 中新网', a: { base: 'cn-10606380' }, b: { base: 'cn-10606380', sourceId: 'sina', title: '泰国今年类鼻疽确诊732例 死亡23例', text: '中新网曼谷4月18日电 泰国总理府副发言人拉丽达·佩里斯维瓦塔纳18日透露，今年以来泰国出现的类鼻疽疫情呈现令人担忧的趋势，1月1日至4月16日全国累计确诊病例732例，死亡23例。', url: 'https://news.sina.com.cn/w/2026-04-18/doc-1.shtml' } },
  { label: 'same', how: 'headline rewrite of a one-sentence item', a: { base: 'cn-10606393' }, b: { base: 'cn-10606393', sourceId: 'cctv', title: '英国海上贸易行动办公室：霍尔木兹海峡附近多艘船只遇袭', url: 'https://news.cctv.com/2026/04/18/ARTI1.shtml' } },
  { label: 'same', how: 'headline rewrite + Traditional script (Hong Kong reprint)', a: { base: 'cn-10606391' }, b: { base: 'cn-10606391', sourceId: 'hk01', title: '緬甸仰光至毛淡棉公路客車與貨車相撞 9死多傷', text: '據緬甸消防部門消息，4月18日下午，仰光至毛淡棉公路上發生一起嚴重交通事故，一輛客車與載人貨車相撞，導致貨車上9人死亡多人受傷。目前傷者已由當地救援組織送往醫院救治，事故原因相關部門正在調查。', url: 'https://www.hk01.com/article/1', shiftHours: 3 } },
  { label: 'same', how: 'headline rewrite, body trimmed to 80 characters', a: { base: 'cn-10606394' }, b: { base: 'cn-10606394', sourceId: 'sohu', title: '广州客场93:75大胜吉林 延续季后赛希望', trimTo: 80, url: 'https://www.sohu.com/a/1001', shiftHours: 1 } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606373' }, b: { base: 'cn-10606373', sourceId: 'taiwan-cn', title: '“同源瀚海”津台书画作品展在天津开幕', url: 'http://www.taiwan.cn/xwzx/la/202604/t20260418_1.htm', shiftHours: 2 } },
  { label: 'same', how: 'headline rewrite, dateline dropped, last clause cut', a: { base: 'cn-10606374' }, b: { base: 'cn-10606374', sourceId: 'fjsen', title: '泉州至台湾本岛集装箱航线开通周末船班', text: '运载台湾日用品的集装箱轮“丰泽园”，18日靠泊福建泉州港石湖作业区，卸货后随即装载泉州货物前往台湾，标志着泉州直航台湾本岛集装箱航线新增周末船班。', url: 'https://www.fjsen.com/r/2026-04/18/1.htm' } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606375' }, b: { base: 'cn-10606375', sourceId: 'fjsen', title: '沉浸式演艺《再回闽南》讲述侨批里的出海奋斗史', url: 'https://www.fjsen.com/r/2026-04/18/2.htm', shiftHours: 5 } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606376' }, b: { base: 'cn-10606376', sourceId: 'gdnews', title: '53位中外学者齐聚岭南师范学院 研讨欧亚人文交流', url: 'https://news.southcn.com/node_1/content_2.html', shiftHours: 4 } },
  { label: 'same', how: 'headline rewrite, body = first 70 characters', a: { base: 'cn-10606367' }, b: { base: 'cn-10606367', sourceId: 'gzdaily', title: '2026广州从化击剑公开赛开赛 近千名选手参赛', trimTo: 70, url: 'https://www.gzdaily.cn/amucsite/web/index.html#/detail/1' } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606369' }, b: { base: 'cn-10606369', sourceId: 'cqnews', title: '柑桔产业国际论坛在重庆北碚举行', url: 'https://www.cqnews.net/1/detail/1.html', shiftHours: 6 } },
  { label: 'same', how: 'headline rewrite, same body', a: { base: 'cn-10606368' }, b: { base: 'cn-10606368', sourceId: 'rednet', title: '世界地球日前夕 湖南举办“爱地球 看我的”宣传活动', url: 'https://hn.rednet.cn/content/1.html' } },
  { label: 'same', how: 'headline rewrite, opening of a long wire piece', a: { base: 'cn-10606371' }, b: { base: 'cn-10606371', sourceId: 'huaxia', title: '雾峰林家后人：还原及传播抗日历史真相是我的任务', trimTo: 150, url: 'http://www.huaxia.com/c/2026/04/18/1.shtml', shiftHours: 8 } },
  { label: 'same', how: 'Xinhua original vs 人民日报 page that opens with a photo caption and a summary before the same wire text', a: { base: 'pp-31835055' }, b: { sourceId: 'xinhuanet', url: 'http://www.xinhuanet.com/politics/leaders/2020-08/24/c_1126407772.htm', title: '习近平主持召开经济社会领域专家座谈会并发表重要讲话', text: '新华社北京8月24日电 中共中央总书记、国家主席、中央军委主席习近平8月24日下午在中南海主持召开经济社会领域专家座谈会并发表重要讲话。他强调，“十四五”时期是我国全面建成小康社会、实现第一个百年奋斗目标之后，乘势而上开启全面建设社会主义现代化国家新征程、向第二个百年奋斗目标进军的第一个五年，我国将进入新发展阶段。凡事预则立，不预则废。我们要着眼长远、把握大势，开门问策、集思广益，研究新情况、作出新规划。中共中央政治局常委、中央书记处书记王沪宁，中共中央政治局常委、国务院副总理韩正出席座谈会。', at: '2020-08-24T12:00:00.000Z' } },
  { label: 'same', how: 'headline rewrite of the 解放日报 piece as carried by 北京青年报 with a byline line first', a: { base: 'jf-seed' }, b: { sourceId: 'ynet', url: 'https://news.ynet.com/2024/07/04/1.html', title: '七年磨一剑：上海AI产业规模逾3800亿元', text: '来源：解放日报\n今天,2024世界人工智能大会暨人工智能全球治理高级别会议将在上海开幕。\n2018年起,上海连续七年举办世界人工智能大会,规格、规模、影响力持续进阶。七年来,上海对发展人工智能产业的决心、恒心未变,不懈孵化培育,现已形成从软件模型到智能终端、从基础研究到创新应用的全产业链布局。', at: '2024-07-04T01:00:00.000Z' } },
  // ---- positives: one page reached through different URLs (headline edited in between) -------------------------
  { label: 'same', how: 'same URL with WeChat tracking parameters, headline edited', a: { base: 'cn-10606396' }, b: { base: 'cn-10606396', url: 'https://www.chinanews.com.cn/gj/2026/04-19/10606396.shtml?from=timeline&isappinstalled=0&scene=1', title: '基辅枪击事件已致5人死亡', text: '乌克兰总统泽连斯基18日表示，基辅枪击事件已造成5人死亡。', shiftHours: 1 } },
  { label: 'same', how: 'http vs https and a fragment', a: { base: 'cn-10606397' }, b: { base: 'cn-10606397', url: 'http://www.chinanews.com.cn/ty/2026/04-19/10606397.shtml#comment', title: '辽宁主场收官战不敌浙江' } },
  { label: 'same', how: 'utm and spm parameters, reordered query', a: { url: 'https://www.thepaper.cn/newsDetail_forward_2800001?id=7&lang=zh', title: '上海发布大模型产业新政', text: '上海今天发布支持大模型产业发展的若干措施。', at: T0 }, b: { url: 'https://www.thepaper.cn/newsDetail_forward_2800001?lang=zh&utm_source=weibo&spm=a2c4g.1&id=7', title: '沪推出大模型新政18条', text: '措施共18条。', at: T0, shiftHours: 5 } },
  { label: 'same', how: 'mobile host configured as an alias (m.thepaper.cn → www.thepaper.cn)', a: { url: 'https://www.thepaper.cn/newsDetail_forward_2800002', title: '人工智能大会深观察｜大模型应该如何卷应用？', text: '', at: T0 }, b: { url: 'https://m.thepaper.cn/newsDetail_forward_2800002?wxfrom=5&_wv=1', title: '大模型应该如何卷应用？开源闭源谁更有未来？', text: '', at: T0, shiftHours: 2 } },
  { label: 'same', how: 'same URL, 6 days apart (URL rule ignores the window)', a: { base: 'cn-10606390' }, b: { base: 'cn-10606390', url: 'https://www.chinanews.com.cn/ty/2026/04-18/10606390.shtml?ivk_sa=1024320u', title: 'CBA：福建客场战胜广东', shiftHours: 144 } },
  // ---- negatives: template twins -------------------------------------------------------------------------------
  { label: 'different', how: 'template twin: ministry swapped, template body', a: { title: '教育部发布新规', text: tpl('教育部', '新规'), at: T0 }, b: { title: '交通部发布新规', text: tpl('交通部', '新规'), at: T0, shiftHours: 1 } },
  { label: 'different', how: 'template twin: province swapped, template body', a: { title: '湖北发布暴雨红色预警', text: '湖北省气象台今天10时发布暴雨红色预警，预计未来24小时，省内部分地区将出现250毫米以上降水，请有关单位和人员做好防范应对工作。', at: T0 }, b: { title: '湖南发布暴雨红色预警', text: '湖南省气象台今天10时发布暴雨红色预警，预计未来24小时，省内部分地区将出现250毫米以上降水，请有关单位和人员做好防范应对工作。', at: T0, shiftHours: 2 } },
  { label: 'different', how: 'template twin: city swapped', a: { title: '上海发布人工智能产业新政', text: tpl('上海市政府', '人工智能产业新政'), at: T0 }, b: { title: '北京发布人工智能产业新政', text: tpl('北京市政府', '人工智能产业新政'), at: T0, shiftHours: 3 } },
  { label: 'different', how: 'template twin: one-character city abbreviation swapped', a: { title: '沪发布AI产业新政', text: tpl('上海市政府', '人工智能产业新政'), at: T0 }, b: { title: '京发布AI产业新政', text: tpl('北京市政府', '人工智能产业新政'), at: T0, shiftHours: 3 } },
  { label: 'different', how: 'template twin: company swapped, press-release body', a: { title: '阿里云发布新一代大模型', text: '阿里云今天发布新一代大模型，在推理、代码和多模态理解等多项评测中取得领先成绩，并宣布面向开发者开放API调用，价格较上一代下降八成。', at: T0 }, b: { title: '百度发布新一代大模型', text: '百度今天发布新一代大模型，在推理、代码和多模态理解等多项评测中取得领先成绩，并宣布面向开发者开放API调用，价格较上一代下降八成。', at: T0, shiftHours: 4 } },
  { label: 'different', how: 'template twin: round number swapped (different game)', a: { title: 'CBA常规赛第40轮：福建客场战胜广东', text: '2025-2026赛季中国男子篮球职业联赛(CBA)常规赛第40轮18日晚在东莞继续进行。福建晋江文旅队客场以95:83战胜广东东阳光队。', at: T0 }, b: { title: 'CBA常规赛第41轮：福建客场战胜广东', text: '2025-2026赛季中国男子篮球职业联赛(CBA)常规赛第41轮20日晚在东莞继续进行。福建晋江文旅队客场以101:96战胜广东东阳光队。', at: T0, shiftHours: 48 } },
  { label: 'different', how: 'template twin: year swapped', a: { title: '2026世界人工智能大会在上海开幕', text: '2026世界人工智能大会今天在上海世博中心开幕，本届大会以“智能时代 同球共济”为主题，吸引了来自全球的千余家企业参展。', at: T0 }, b: { title: '2025世界人工智能大会在上海开幕', text: '2025世界人工智能大会今天在上海世博中心开幕，本届大会以“智能时代 同球共济”为主题，吸引了来自全球的千余家企业参展。', at: T0, shiftHours: 1 } },
  { label: 'different', how: 'template twin: product version swapped', a: { title: 'DeepSeek发布V3.1模型', text: '深度求索今天发布V3.1模型，上下文长度扩展至128K，并在官网和App同步上线，API价格保持不变。', at: T0 }, b: { title: 'DeepSeek发布V3.2模型', text: '深度求索今天发布V3.2模型，上下文长度扩展至128K，并在官网和App同步上线，API价格保持不变。', at: T0, shiftHours: 40 } },
  { label: 'different', how: 'template twin: spokesperson ministry swapped', a: { title: '商务部新闻发言人就美方加征关税答记者问', text: '有记者问：美方宣布对中国输美商品加征关税，中方对此有何回应？答：中方对此坚决反对，将采取必要措施坚决维护自身正当权益。', at: T0 }, b: { title: '外交部新闻发言人就美方加征关税答记者问', text: '有记者问：美方宣布对中国输美商品加征关税，中方对此有何回应？答：中方对此坚决反对，美方的做法违背世贸组织规则。', at: T0, shiftHours: 2 } },
  { label: 'different', how: 'template twin: casualty figure in a different incident', a: { title: '墨西哥中部一酒吧遭武装袭击致8人死亡', text: '墨西哥中部莫雷洛斯州检方18日发布公告说，该州阿亚拉市一家酒吧当天凌晨发生武装袭击事件，造成至少8人死亡。', at: T0 }, b: { title: '墨西哥中部一酒吧遭武装袭击致6人死亡', text: '墨西哥中部瓜纳华托州检方20日发布公告说，该州塞拉亚市一家酒吧当天凌晨发生武装袭击事件，造成至少6人死亡。', at: T0, shiftHours: 50 } },
  { label: 'different', how: 'template twin: agency swapped in a regulatory notice', a: { title: '国家网信办发布生成式人工智能服务备案信息', text: '国家互联网信息办公室今天发布第十批生成式人工智能服务备案信息，共有45款服务完成备案。', at: T0 }, b: { title: '上海网信办发布生成式人工智能服务备案信息', text: '上海市互联网信息办公室今天发布第十批生成式人工智能服务备案信息，共有12款服务完成备案。', at: T0, shiftHours: 6 } },
  // ---- negatives: same event, another day, other text ----------------------------------------------------------
  { label: 'different', how: 'same event, 4 days later, follow-up text (outside the window)', a: { base: 'cn-10606399' }, b: { title: '霍尔木兹海峡航运逐步恢复', text: '据英国航运媒体报道，霍尔木兹海峡航运22日逐步恢复，多艘此前滞留的油轮已通过海峡。', at: '2026-04-22T08:00:00.000Z' } },
  { label: 'different', how: 'same event, 2 days later, follow-up text (inside the window)', a: { base: 'cn-10606396' }, b: { title: '乌克兰基辅枪击事件遇难者人数升至7人', text: '乌克兰内务部20日说，基辅超市枪击事件遇难者人数已升至7人，另有数名伤者仍在医院接受治疗。', at: '2026-04-20T10:00:00.000Z' } },
  { label: 'different', how: 'same conference, opening vs closing day', a: { base: 'jf-seed' }, b: { title: '2024世界人工智能大会闭幕 签约项目超过百个', text: '为期三天的2024世界人工智能大会6日在上海闭幕。大会期间共签约项目百余个，发布大模型及智能终端新品数十款，线下观展人数创历史新高。', at: '2024-07-06T10:00:00.000Z' } },
  { label: 'different', how: 'same league round, next day other games', a: { base: 'cn-10606389' }, b: { title: '中超第六轮：成都蓉城主场击败北京国安', text: '2026赛季中超联赛第六轮比赛19日继续进行，成都蓉城主场以2:1击败北京国安，继续领跑积分榜。', at: '2026-04-19T12:00:00.000Z' } },
  { label: 'different', how: 'same daily column title, other day, other content (title key equal, bodies disagree)', a: { title: '每日AI快讯：大模型行业动态一览', text: '今日要闻：智谱发布新一代GLM模型，上下文长度提升至一百万；月之暗面Kimi上线深度研究功能；商汤日日新大模型完成备案。', at: T0 }, b: { title: '每日AI快讯：大模型行业动态一览', text: '今日要闻：百度文心一言用户数突破五亿；字节跳动豆包推出视频生成模型；华为昇腾发布新一代AI芯片，算力提升一倍。', at: T0, shiftHours: 24 } },
  { label: 'different', how: 'same column title, next day', a: { title: '早安·AI早报：4月18日', text: '1. OpenAI发布新一代推理模型。2. 英伟达市值再创新高。3. 国内首个具身智能开源社区成立，已吸引百余家企业加入。', at: T0 }, b: { title: '早安·AI早报：4月19日', text: '1. 谷歌发布Gemini新版本。2. 阿里云宣布降价。3. 上海人形机器人创新中心发布全尺寸人形机器人开源社区。', at: T0, shiftHours: 24 } },
  // ---- negatives: same company, other news ---------------------------------------------------------------------
  { label: 'different', how: 'same company, different news', a: { title: '百度发布文心大模型4.5 多模态能力大幅提升', text: '百度今天在北京发布文心大模型4.5，新模型在多模态理解、逻辑推理和代码生成方面有显著提升，即日起在文心一言App免费开放。', at: T0 }, b: { title: '百度发布第三季度财报 智能云收入同比增长', text: '百度今天发布第三季度财报，总营收同比增长，其中智能云业务收入同比增长超过二成，人工智能相关收入占比持续提高。', at: T0, shiftHours: 5 } },
  { label: 'different', how: 'same company, different news', a: { title: '小米SU7累计交付突破十万台', text: '小米汽车今天宣布，小米SU7累计交付量突破十万台，工厂二期产能正在爬坡。', at: T0 }, b: { title: '小米发布自研大模型MiMo 宣布开源', text: '小米今天发布自研推理大模型MiMo，并宣布在开源社区开放模型权重，供开发者免费使用。', at: T0, shiftHours: 3 } },
  { label: 'different', how: 'same company, different news', a: { title: '阿里开源通义千问新模型', text: '阿里巴巴今天开源通义千问新一代模型，包括多个参数规模版本，在多项基准测试中表现优异。', at: T0 }, b: { title: '阿里巴巴公布季度业绩 云智能集团收入增长', text: '阿里巴巴集团今天公布季度业绩，云智能集团收入同比增长，人工智能相关产品收入连续多个季度保持三位数增长。', at: T0, shiftHours: 8 } },
  { label: 'different', how: 'same company, different news', a: { title: '字节跳动豆包大模型推出视频生成功能', text: '字节跳动旗下豆包大模型今天推出视频生成功能，用户输入一句话即可生成十秒短视频。', at: T0 }, b: { title: '字节跳动宣布在东南亚新建数据中心', text: '字节跳动今天宣布将在东南亚新建数据中心，以满足当地业务快速增长的算力需求。', at: T0, shiftHours: 2 } },
  { label: 'different', how: 'same company, different news', a: { title: '月之暗面Kimi上线深度研究功能', text: '月之暗面今天宣布Kimi上线深度研究功能，可自动检索并整理数百个网页，生成结构化研究报告。', at: T0 }, b: { title: '月之暗面完成新一轮融资 估值超过三百亿元', text: '据知情人士透露，月之暗面近日完成新一轮融资，投后估值超过三百亿元人民币，老股东继续跟投。', at: T0, shiftHours: 30 } },
  { label: 'different', how: 'same company, different news', a: { title: '华为发布昇腾新一代AI芯片', text: '华为今天在深圳发布昇腾新一代AI芯片，单卡算力较上一代提升一倍，并推出配套的集群解决方案。', at: T0 }, b: { title: '华为发布新款折叠屏手机', text: '华为今天在深圳发布新款折叠屏手机，机身更轻更薄，搭载全新影像系统，将于下周开售。', at: T0, shiftHours: 1 } },
  { label: 'different', how: 'same company, different news, shared company boilerplate sentence', a: { title: '商汤科技发布日日新大模型V6', text: '商汤科技是一家行业领先的人工智能软件公司。商汤科技今天发布日日新大模型V6，在长文本和多模态推理上进一步提升。', at: T0 }, b: { title: '商汤科技与某车企签署智能驾驶合作协议', text: '商汤科技是一家行业领先的人工智能软件公司。商汤科技今天与一家国内车企签署合作协议，双方将在智能驾驶领域展开深度合作。', at: T0, shiftHours: 6 } },
  // ---- negatives: only boilerplate in common -------------------------------------------------------------------
  { label: 'different', how: 'shared editor’s note (编者按), different story after it', a: { title: '人工智能赋能千行百业｜一家纺织厂的智能化改造', text: '【编者按】为深入报道人工智能产业发展成就，本网即日起推出“人工智能赋能千行百业”专栏，走进企业一线，记录新技术带来的新变化。敬请关注。江苏一家纺织厂引入视觉质检系统后，次品率下降了六成。', at: T0 }, b: { title: '人工智能赋能千行百业｜智慧港口里的无人集卡', text: '【编者按】为深入报道人工智能产业发展成就，本网即日起推出“人工智能赋能千行百业”专栏，走进企业一线，记录新技术带来的新变化。敬请关注。在天津港，数十台无人驾驶集卡正在码头间穿梭作业。', at: T0, shiftHours: 24 } },
  { label: 'different', how: 'shared disclaimer lead, different brief', a: { title: '某AI芯片公司完成B轮融资', text: '声明：本文内容来源于公开信息，仅供参考，不构成任何投资建议，转载请注明出处。某AI芯片公司宣布完成数亿元B轮融资，资金将用于新一代芯片研发。', at: T0 }, b: { title: '某机器人公司完成A轮融资', text: '声明：本文内容来源于公开信息，仅供参考，不构成任何投资建议，转载请注明出处。某人形机器人公司宣布完成近亿元A轮融资，由多家产业资本联合投资。', at: T0, shiftHours: 3 } },
  { label: 'different', how: 'shared live-blog header, different updates', a: { title: '直播：2024世界人工智能大会开幕式', text: '2024世界人工智能大会暨人工智能全球治理高级别会议今天在上海开幕，本网全程直播。上午的开幕式上，多位国际嘉宾发表主旨演讲。', at: '2024-07-04T02:00:00.000Z' }, b: { title: '直播：2024世界人工智能大会产业发展主论坛', text: '2024世界人工智能大会暨人工智能全球治理高级别会议今天在上海开幕，本网全程直播。下午的产业发展主论坛上，多家企业发布大模型新品。', at: '2024-07-04T06:00:00.000Z' } },
];
