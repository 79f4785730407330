/**
 * Routing v1 keyword tables: common, colloquial words citizens use on the phone and in web forms.
 * Deliberately small and explicit so a dispatcher can read why a case was routed; a trained
 * classifier replaces this later. Lowercase for Latin keywords (matched as whole words).
 * A keyword appears in one category only; longer keywords win over the shorter ones they contain
 * (e.g. 楼上漏水 → property although 漏水 alone could be a pipe).
 */
export const CATEGORY_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  water: ['停水', '水压', '水质', '自来水', '下水道', '没水', '水管', '爆管', '水表', '水费', '污水外溢', '水发黄', '断水', 'water outage', 'no water', 'tap water', 'sewer'],
  power: ['停电', '电压', '没电', '断电', '跳闸', '电线', '电表', '电费', '变压器', '供电', '电线杆', 'power outage', 'blackout', 'no power', 'electricity'],
  gas_heating: ['燃气', '天然气', '煤气', '暖气', '供暖', '供热', '暖气不热', '燃气费', '暖气费', '液化气', 'heating', 'gas supply', 'radiator'],
  roads: ['坑洼', '井盖', '路灯', '人行道', '路面', '道路破损', '马路', '护栏', '窨井', '盲道', '路面塌陷', 'pothole', 'manhole', 'street light', 'sidewalk'],
  traffic: ['公交', '出租车', '网约车', '信号灯', '红绿灯', '停车', '打车', '拒载', '地铁', '违停', '堵车', '停车位', '绕路', 'bus', 'taxi', 'traffic light', 'parking'],
  sanitation: ['垃圾', '占道经营', '小广告', '乱扔', '环卫', '垃圾桶', '摆摊', '流动摊贩', '乱贴', '公厕', '卫生死角', '牛皮癣', 'garbage', 'trash', 'litter', 'street vendor'],
  noise: ['噪音', '噪声', '扰民', '吵', '太吵', '吵闹', '广场舞', '夜间施工', '装修声', '音响', '喇叭', '鸣笛', '施工噪音', 'noise', 'noisy', 'loud music'],
  pollution: ['废气', '异味', '河道', '油烟', '臭味', '污染', '排污', '黑烟', '焚烧', '粉尘', '扬尘', '河水发臭', '偷排', 'pollution', 'smell', 'odor', 'smoke'],
  property: ['物业', '电梯', '楼上漏水', '维修基金', '物业费', '漏水', '渗水', '业委会', '门禁', '楼道', '房屋漏水', '墙体开裂', 'property management', 'leak from upstairs', 'elevator', 'lift'],
  illegal_building: ['违章搭建', '违建', '加层', '违章建筑', '私搭乱建', '乱搭建', '违法建设', '搭建', '阳光房', '占用绿地', 'illegal construction', 'illegal building'],
  market: ['食品安全', '消费纠纷', '价格', '预付卡', '退款', '商家', '假货', '过期食品', '缺斤短两', '虚假宣传', '办卡', '跑路', '售后', '以次充好', 'refund', 'counterfeit', 'prepaid card', 'food safety'],
  labor: ['欠薪', '社保', '劳动合同', '拖欠工资', '工资', '工伤', '加班费', '辞退', '五险一金', '养老保险', '农民工', 'unpaid wages', 'salary', 'wages', 'social insurance'],
  education: ['入学', '学校', '校外培训', '学费', '补课', '老师', '幼儿园', '学区', '择校', '招生', '学位', '课外辅导', 'school', 'tuition', 'teacher', 'kindergarten'],
  health: ['医院', '医疗收费', '医生', '看病', '挂号', '医保', '急诊', '护士', '诊所', '药费', '医疗纠纷', '疫苗', '卫生院', 'hospital', 'doctor', 'clinic'],
  social_aid: ['低保', '养老', '残疾人补贴', '残疾', '救助', '困难补助', '特困', '养老院', '敬老院', '高龄补贴', '孤寡老人', '殡葬', 'nursing home', 'disability', 'welfare'],
  land_demolition: ['征地', '拆迁', '补偿', '安置', '拆迁款', '安置房', '征收', '强拆', '回迁', '补偿款', 'demolition', 'relocation', 'compensation'],
  safety: ['消防通道', '燃气泄漏', '煤气泄漏', '闻到煤气', '危房', '安全隐患', '起火', '着火', '火灾', '坍塌', '倒塌', '漏电', '消防', '飞线充电', 'fire', 'gas leak', 'fire exit', 'collapse'],
  public_order: ['纠纷', '诈骗', '打架', '偷窃', '盗窃', '小偷', '治安', '骗子', '传销', '赌博', '斗殴', '被骗', '吵架', 'fraud', 'scam', 'theft', 'fight'],
  gov_service: ['办事难', '审批慢', '窗口态度', '办事大厅', '政务服务', '排队', '审批', '办证', '不作为', '推诿', '工作人员态度', '证明材料', 'government service', 'approval', 'permit'],
  integrity: ['吃拿卡要', '收受好处', '受贿', '索贿', '贪污', '腐败', '回扣', '红包', '公款', '以权谋私', '吃空饷', '行贿', 'bribe', 'corruption', 'kickback'],
  suggestion: ['建议增设', '建议改进', '建议', '希望增加', '提个建议', '意见', '能否增设', '呼吁', 'suggest', 'suggestion', 'propose'],
  consultation: ['政策', '流程', '咨询', '请问', '怎么办理', '需要什么材料', '如何申请', '哪里办', '办理条件', 'how to', 'how do i', 'what documents', 'policy', 'inquiry'],
};

/**
 * 马上办 signals: danger to life or property right now (gas, fire, people trapped, collapse,
 * live wires, flooding). A false positive costs a fast call-back; a false negative can cost a life.
 */
export const IMMEDIATE_KEYWORDS: readonly string[] = [
  '燃气泄漏', '煤气泄漏', '天然气泄漏', '闻到煤气', '闻到燃气', '煤气味', '燃气味', '起火', '着火', '火灾', '冒烟', '爆炸',
  '被困', '困在电梯', '电梯困人', '坍塌', '倒塌', '塌陷', '漏电', '触电', '电线掉落', '淹水', '内涝', '有人受伤',
  'gas leak', 'fire', 'trapped', 'collapse', 'collapsed', 'flooding', 'explosion', 'electric shock',
];

/** Loss of a basic utility: urgent, but not a danger to life. */
export const URGENT_KEYWORDS: readonly string[] = [
  '停水', '停电', '没水', '没电', '断水', '断电', '停气', '没有暖气', '暖气不热', '没有热水', '井盖丢失', '井盖缺失', '污水外溢',
  'no water', 'no power', 'power outage', 'water outage', 'blackout', 'no heating',
];
