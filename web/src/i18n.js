// Every visible string of the application, in Chinese (default) and English.
// scripts/i18n-lint.mjs fails the build when a template holds literal text.
import { createI18n } from 'vue-i18n';
import { labels } from './vocab.js';

const zh = {
  app: { title: '复工 · 企业复工复产协调平台', short: '复工' },
  nav: { menu: '菜单', groups: { work: '工作台', risk: '风险与企业', orders: '停工限产', transport: '通行与物流', system: '系统' }, dashboard: '概览', regions: '地区与风险等级', enterprises: '企业', rules: '指导规则', audit: '审计日志', accounts: '账号', signOut: '退出', awaiting: '待我处理', orders: '停工限产', alarms: '一刀切预警', passes: '通行证', checkpoint: '卡口核验' },
  lang: { switch: 'English' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', required: '请输入用户名和密码', failed: '用户名或密码错误，或账号已停用', tooMany: '登录失败次数过多，请 {s} 秒后再试' },
  account: { jurisdiction: '辖区', enterprises: '代表企业', ownEnterprise: '本企业', enterprisesN: '{n} 家企业' },
  roles: labels('roles', 'zh-CN'),
  level: { low: '低风险', medium: '中风险', high: '高风险', nation: '全国', province: '省', city: '市', county: '县' },
  mode: { normal: '正常生产', strengthened: '强化防控', closed_loop: '闭环生产' },
  route: { critical_link: '省级评估、省级联防联控机制决定', key_or_livelihood: '属地行业主管部门评估、属地联防联控机制决定', general: '属地联防联控机制决定' },
  category: { key_industrial: '重点工业企业', livelihood_supply: '民生保障企业', related_service: '相关服务业' },
  service: { bank: '银行', insurance: '保险', shipping_agency: '船代', freight_forwarder: '货代', express_delivery: '快递', specialty_store: '专卖店', other: '其他' },
  status: { operating: '正常', limited: '限产', stopped: '停产' },
  common: {
    search: '查询', reset: '重置', save: '保存', cancel: '取消', confirm: '确定', confirmTitle: '请确认', loading: '加载中…', yes: '是', no: '否',
    actions: '操作', view: '查看', edit: '编辑', delete: '删除', create: '新建', total: '共 {n} 条', any: '全部', back: '返回', saved: '已保存',
  },
  home: {
    status: { operating: '正常生产', limited: '限产中', stopped: '停工中' },
    mayResume: '：可申请复工', resumptionPending: '：复工申请审批中', filePlan: '请备案{level}等级的稳定生产预案',
    passes: '本企业通行证 {n} 张', record: '查看企业档案', todo: '待办事项',
    todos: { orders: '待我处理的指令', overdue: '其中已超时', resumptions: '待审批的复工申请', passes: '待审批的通行证', alarms: '未关闭的一刀切预警', designate: '认定风险等级', audit: '查看审计日志' },
  },
  dashboard: {
    title: '概览', enterprises: '辖区企业', key: '重点工业企业', whitelist: '白名单企业', regions: '下级地区风险等级',
    empty: '辖区内暂无下级地区。地区导入后将在此显示各地区的风险等级。', highest: '区内最高等级', own: '本级等级',
    map: '各省风险等级（按区内最高等级着色，点击省份查看）', designated: '{name}中高风险地区', noneDesignated: '目前没有中、高风险地区。卫生健康部门认定后将在此列出。',
  },
  enterprises: {
    title: '企业', uscc: '统一社会信用代码', name: '名称', region: '所在区县', industry: '行业', headcount: '人数', capacity: '日产能',
    categories: '类别', serviceKind: '服务类型', critical: '关键环节', whitelist: '白名单', plans: '已备案预案', status: '经营状态',
    version: '版本', q: '名称或代码', regionFilter: '地区代码', empty: '没有符合条件的企业。调整筛选条件，或新建企业。',
    create: '新建企业', edit: '编辑企业', history: '变更记录', guidance: '当前指导', detail: '企业详情',
    usccErrors: { length: '统一社会信用代码应为18位', alphabet: '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）', check: '统一社会信用代码校验位不正确，请核对' },
    nameRequired: '请填写企业名称', regionFormat: '请填写6位区县代码', industryRequired: '请选择行业',
  },
  guidance: {
    rule: '适用规则', mode: '生产方式', measures: '应采取的措施', restriction: '能否提出停工限产', route: '程序',
    explanation: '说明', risk: '风险等级', inherited: '沿用上级 {code} 的认定', none: '不得提出停工限产',
  },
  regions: {
    title: '地区与风险等级', search: '搜索地区名称', level: '风险等级', history: '认定记录', designate: '认定风险等级',
    reason: '认定理由', effectiveOn: '生效日期', confirmTitle: '确认认定', confirmText: '将 {name}（{code}）认定为{level}，自 {date} 起生效。确定吗？',
    noHistory: '该地区尚无自身的认定记录，风险等级沿用上级地区或为低风险。', pick: '在左侧选择一个地区，查看其风险等级与认定记录。',
    designatedBy: '认定人', recordedAt: '记录时间', reasonRequired: '请写明认定理由（至少4个字）',
  },
  rules: { id: '规则', number: '版本号', title: '指导规则', version: '版本 {v}', versions: '历史版本', when: '适用条件', anyCondition: '任何情况', note: '说明', createdBy: '发布人' },
  audit: {
    title: '审计日志', verify: '校验哈希链', intact: '哈希链完整：已校验 {n} 条', broken: '哈希链在第 {seq} 条断裂：{reason}',
    seq: '序号', at: '时间', actor: '操作人', action: '操作', entity: '对象', empty: '辖区内暂无审计记录。', more: '更早的记录', changes: '变更内容', system: '系统',
    actions: { account_add: '新增账号', account_disable: '停用账号', account_passwd: '重置密码', auth_login: '登录', auth_logout: '退出登录', enterprise_create: '新增企业', enterprise_update: '修改企业信息', enterprise_import: '导入企业', whitelist_add: '列入白名单', risk_designate: '认定风险等级', regions_import: '导入行政区划', industries_load: '载入行业分类', guidance_rules_replace: '更新指导规则', order_propose: '提出停工限产', order_propose_emergency: '提出紧急临时指令', order_approve: '同意', order_reject: '不同意', order_return: '退回修改', order_withdraw: '撤回', order_resubmit: '重新提交', order_lift: '解除指令', order_expire: '指令到期', order_lapse: '紧急指令失效', order_escalate: '超时上报', order_approve_resumption: '批准复工', order_reject_resumption: '不予批准复工', resumption_apply: '申请复工', alarm_raise: '一刀切预警', alarm_close: '关闭预警', pass_apply: '申请通行证', pass_issue: '签发通行证', pass_reject: '不予签发通行证', pass_revoke: '撤销通行证' },
    fields: { uscc: '统一社会信用代码', name: '名称', region: '所在区县', industry: '行业', headcount: '人数', capacity: '日产能', categories: '类别', service_kind: '服务类型', critical: '关键环节', plans_filed: '已备案预案', reason: '理由', comment: '意见', note: '说明', measures: '措施', level: '等级', effective_on: '生效日期', version: '版本', divisions: '门类数' },
  },
  errors: { network: '无法连接服务器，请稍后重试。', forbidden: '无权访问。', status: '请求未能完成（{status}），请稍后重试或联系管理员。' },
  export: { csv: '导出CSV', xlsx: '导出Excel' },
  accounts: {
    title: '账号管理', create: '新建账号', displayName: '显示名称', role: '角色', state: '状态', disabled: '已停用', active: '正常',
    admin: '管理员', reset: '重置密码', disable: '停用', region: '辖区代码（6位）', enterprises: '代表的企业（统一社会信用代码）',
    enterprisesHint: '多个代码用逗号分隔', adminHint: '可管理其辖区内的账号', confirmDisable: '停用账号 {name}？其登录会话将立即结束。',
    newPassword: '为 {name} 设置新密码（至少8位）：',
  },
  import: {
    button: '导入CSV', title: '从CSV文件导入企业', start: '上传并导入', skipInvalid: '跳过错误行，只导入正确的行',
    help: '第一行为列名：uscc, name, region, industry 必填；headcount, capacity, categories, service_kind, critical, plans_filed 可选。文件须为UTF-8编码。',
    line: '行号', field: '字段', reason: '原因', done: '已导入 {imported} 行（共 {rows} 行，{rejected} 行有误）',
    nothing: '{rows} 行中有 {rejected} 行有误，未导入任何数据。请改正后重新上传，或勾选跳过错误行。',
  },
  orders: {
    title: '停工限产指令', awaiting: '待我处理', confirmText: '对{name}的指令：{what}。确定吗？', emergencyShort: '紧急', propose: '提出停工限产', proposeFor: '对 {name} 提出停工限产',
    enterprise: '企业', measure: '措施', percent: '保留比例（%）', reason: '理由', evidence: '依据', startsAt: '开始时间', endsAt: '结束时间',
    emergency: '紧急临时指令（现场确诊病例）', emergencyHint: '立即生效，最长 {h} 小时；期间未经完整程序确认即自动失效。',
    state: '状态', step: '当前环节', route: '程序', routeWill: '本指令将经过的程序', proposedBy: '提出人', proposedAt: '提出时间',
    dueAt: '办理时限', overdue: '已超时', escalated: '已上报上级', timeline: '办理过程', evaluations: '评估意见', noEvaluations: '暂无评估意见。',
    machine: '系统评估', official: '部门评估', resumptions: '复工申请', actions: '可办理操作', noActions: '当前无可办理的操作。',
    comment: '意见', assessment: '评估意见（对企业、产业链和职工的影响，以及措施的必要性）', reasonNeeded: '请填写理由',
    lapsesIn: '未确认将于 {t} 后失效', lapsed: '已失效', submit: '提交', none: '暂无停工限产指令。', noneAwaiting: '目前没有待您处理的事项。',
    applyResumption: '申请复工', measuresNow: '已落实的防控措施', decideResumption: '审批复工申请', approveResumption: '批准复工', rejectResumption: '不予批准',
    filedAt: '申请时间', dueBy: '应于此前答复', decision: '决定', status: '经营状态', orders: '停工限产指令', mineOnly: '仅待我处理', overdueOnly: '仅超时',
    noRestriction: '按指导规则，该企业不得停工限产；仅现场出现确诊病例时可提出紧急临时指令。', limits: '指令最长 {d} 天',
    done: '已完成', current: '办理中', notReached: '未到达', proposed: '已提出，进入程序。', acted: '已办理。', step_kind: { evaluate: '评估', decide: '决定' },
    stepLevel: { county_or_city: '县/市级', province: '省级' },
    states: { pending: '办理中', returned: '已退回修改', in_force: '生效中', rejected: '未予批准', withdrawn: '已撤回', lapsed: '已失效', lifted: '已解除', expired: '已到期', resumed: '已复工' },
    measures: labels('measures', 'zh-CN'),
    act: { approve: '同意', reject: '不同意', return: '退回修改', withdraw: '撤回', resubmit: '重新提交', lift: '解除指令', decide_resumption: '审批复工', apply_resumption: '申请复工' },
    timelineAction: { propose: '提出', propose_emergency: '提出紧急指令', approve: '同意', reject: '不同意', return: '退回修改', withdraw: '撤回', resubmit: '重新提交', lift: '解除', apply_resumption: '申请复工', approve_resumption: '批准复工', reject_resumption: '不予批准复工', expire: '到期', lapse: '失效', escalate: '超时上报' },
  },
  alarms: {
    title: '一刀切预警', none: '目前没有预警。', region: '地区', raisedAt: '预警时间', orders: '指令数', enterprises: '企业数', detail: '情况', state: '状态',
    open: '待核查', closed: '已核查', close: '核查并关闭', note: '核查结果', closedBy: '核查人', onDashboard: '疑似一刀切预警',
  },
  passes: {
    title: '重点物资运输车辆通行证', pass: '通行证', apply: '申请通行证', application: '申请', awaitsDecision: '待{who}审批', seal: '签发机关（盖章）', expired: '已过期', confirmText: '{what}：通行证 {number}（{plate}）。确定吗？', none: '暂无通行证。', number: '编号', notYet: '待签发', state: '状态',
    plate: '车牌号（半挂车填牵引车）', goods: '物资类别', origin: '起运地（县级代码）', destination: '目的地（县级代码）', route: '途经县（代码，逗号分隔）',
    trip: '线路', validFrom: '有效期自', validTo: '有效期至', crew: '驾驶员及随车人员', name: '姓名', idNumber: '身份证号', documentNumber: '证件号码', testUntil: '核酸阴性有效至',
    idTypes: labels('id_types', 'zh-CN'),
    driver: '驾驶员', crewMember: '随车人员', addPerson: '添加人员', applicant: '申请企业', issuer: '签发', approve: '批准签发', reject: '不予批准',
    reason: '意见', revoke: '撤销通行证', revokeReason: '撤销原因', renew: '续期', print: '打印', printTitle: '重点物资运输车辆通行证',
    qr: '通行证二维码', checks: '核验记录', noChecks: '暂无核验记录。', checkedAt: '核验时间', checkpoint: '卡口', officer: '核验人', result: '结果',
    states: { applied: '待审批', issued: '有效', rejected: '未批准', revoked: '已撤销' },
    goodsNames: labels('goods', 'zh-CN'),
  },
  checkpoint: {
    title: '卡口核验', scan: '扫码核验', stopScan: '停止扫码', presented: '通行证内容（扫码、粘贴，或输入12位编号）', check: '核验', online: '在线',
    offline: '离线', lists: '名单更新于 {at}，已撤销 {n} 张', never: '从未下载', queued: '待上传 {n} 条', refresh: '更新名单',
    checkedOffline: '离线核验，联网后上传', noCamera: '无法打开摄像头：{why}',
    scanInstead: '离线时无法按编号查询，请扫描通行证二维码核验', plateNotCompared: '未输入车牌号，未核对车牌',
  },
  // The pass verdicts, then the checkpoint's own results (no pass to judge).
  verdict: { ...labels('verdicts', 'zh-CN'), not_registered: '无此登记（非本系统签发）', needs_network: '输入编号核验需要联网' },
};

const en = {
  app: { title: 'Fugong · coordinating the return to work', short: 'Fugong' },
  nav: { menu: 'Menu', groups: { work: 'Workbench', risk: 'Risk and enterprises', orders: 'Stop/limit orders', transport: 'Passes and logistics', system: 'System' }, dashboard: 'Overview', regions: 'Regions and risk levels', enterprises: 'Enterprises', rules: 'Guidance rules', audit: 'Audit log', accounts: 'Accounts', signOut: 'Sign out', awaiting: 'Awaiting me', orders: 'Stop/limit orders', alarms: 'Blanket alarms', passes: 'Vehicle passes', checkpoint: 'Checkpoint' },
  lang: { switch: '中文' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter your username and password', failed: 'Wrong username or password, or the account is disabled', tooMany: 'Too many failed sign-ins; try again in {s} seconds' },
  account: { jurisdiction: 'Jurisdiction', enterprises: 'Speaks for', ownEnterprise: 'its enterprise', enterprisesN: '{n} enterprises' },
  roles: labels('roles', 'en'),
  level: { low: 'Low risk', medium: 'Medium risk', high: 'High risk', nation: 'Nation', province: 'Province', city: 'City', county: 'County' },
  mode: { normal: 'Normal operation', strengthened: 'Strengthened prevention', closed_loop: 'Closed-loop production' },
  route: { critical_link: 'Provincial evaluation, provincial joint mechanism decides', key_or_livelihood: 'Local industry authority evaluates, local joint mechanism decides', general: 'Local joint mechanism decides' },
  category: { key_industrial: 'Key industrial', livelihood_supply: 'Livelihood supply', related_service: 'Related service' },
  service: { bank: 'Bank', insurance: 'Insurance', shipping_agency: 'Shipping agency', freight_forwarder: 'Freight forwarder', express_delivery: 'Express delivery', specialty_store: 'Specialty store', other: 'Other' },
  status: { operating: 'Operating', limited: 'Limited', stopped: 'Stopped' },
  common: {
    search: 'Search', reset: 'Reset', save: 'Save', cancel: 'Cancel', confirm: 'Confirm', confirmTitle: 'Please confirm', loading: 'Loading…', yes: 'Yes', no: 'No',
    actions: 'Actions', view: 'View', edit: 'Edit', delete: 'Remove', create: 'New', total: '{n} in all', any: 'Any', back: 'Back', saved: 'Saved',
  },
  home: {
    status: { operating: 'Operating normally', limited: 'Under a limit', stopped: 'Stopped' },
    mayResume: ': you may apply to resume', resumptionPending: ': your resumption application awaits a decision', filePlan: 'File a production plan for {level}',
    passes: '{n} vehicle passes of this enterprise', record: 'The enterprise record', todo: 'To do',
    todos: { orders: 'Orders at my step', overdue: 'of which overdue', resumptions: 'Resumption applications to decide', passes: 'Passes to decide', alarms: 'Open blanket-shutdown alarms', designate: 'Designate risk levels', audit: 'Read the audit log' },
  },
  dashboard: {
    title: 'Overview', enterprises: 'Enterprises in the jurisdiction', key: 'Key industrial', whitelist: 'On a white list', regions: 'Risk levels below',
    empty: 'No regions below this jurisdiction yet. Once regions are imported, their risk levels show here.', highest: 'Highest inside', own: 'Own level',
    map: 'Provinces by the highest risk level inside (click one)', designated: 'Medium and high risk regions {name}', noneDesignated: 'No medium or high risk region now. Designations by the health authority appear here.',
  },
  enterprises: {
    title: 'Enterprises', uscc: 'Unified social credit code', name: 'Name', region: 'County', industry: 'Industry', headcount: 'Headcount', capacity: 'Daily capacity',
    categories: 'Categories', serviceKind: 'Service kind', critical: 'Critical link', whitelist: 'White list', plans: 'Plans filed', status: 'Status',
    version: 'Version', q: 'Name or code', regionFilter: 'Region code', empty: 'No enterprise matches. Change the filters, or register one.',
    create: 'Register enterprise', edit: 'Edit enterprise', history: 'History', guidance: 'Current guidance', detail: 'Enterprise',
    usccErrors: { length: 'A unified social credit code has 18 characters', alphabet: 'Only digits and capital letters (no I, O, S, V, Z)', check: 'The check character is wrong; compare with the licence' },
    nameRequired: 'Enter the enterprise name', regionFormat: 'Enter the six-digit county code', industryRequired: 'Choose an industry',
  },
  guidance: {
    rule: 'Rule', mode: 'Operating mode', measures: 'Measures expected', restriction: 'May a stop or limit be proposed', route: 'Procedure',
    explanation: 'Why', risk: 'Risk level', inherited: 'inherited from {code}', none: 'No stop or limit may be proposed',
  },
  regions: {
    title: 'Regions and risk levels', search: 'Search region names', level: 'Risk level', history: 'Designations', designate: 'Designate a risk level',
    reason: 'Reason', effectiveOn: 'Effective from', confirmTitle: 'Confirm designation', confirmText: 'Designate {name} ({code}) {level} from {date}?',
    noHistory: 'This region has no designation of its own; its level is its parent\'s, or low.', pick: 'Pick a region on the left to see its risk level and designations.',
    designatedBy: 'Designated by', recordedAt: 'Recorded', reasonRequired: 'Say why, in at least 4 characters',
  },
  rules: { id: 'Rule', number: 'Version', title: 'Guidance rules', version: 'Version {v}', versions: 'Versions', when: 'Applies when', anyCondition: 'Always', note: 'Note', createdBy: 'Published by' },
  audit: {
    title: 'Audit log', verify: 'Verify the chain', intact: 'Chain intact: {n} entries verified', broken: 'Chain broken at entry {seq}: {reason}',
    seq: 'No.', at: 'Time', actor: 'By', action: 'Action', entity: 'Object', empty: 'No audit entries in this jurisdiction yet.', more: 'Older entries', changes: 'What changed', system: 'the system',
    actions: { account_add: 'Account added', account_disable: 'Account disabled', account_passwd: 'Password reset', auth_login: 'Signed in', auth_logout: 'Signed out', enterprise_create: 'Enterprise added', enterprise_update: 'Enterprise changed', enterprise_import: 'Enterprise imported', whitelist_add: 'Put on a white list', risk_designate: 'Risk level designated', regions_import: 'Regions imported', industries_load: 'Industry divisions loaded', guidance_rules_replace: 'Guidance rules replaced', order_propose: 'Stop/limit proposed', order_propose_emergency: 'Emergency order proposed', order_approve: 'Approved', order_reject: 'Rejected', order_return: 'Returned for revision', order_withdraw: 'Withdrawn', order_resubmit: 'Resubmitted', order_lift: 'Order lifted', order_expire: 'Order expired', order_lapse: 'Emergency order lapsed', order_escalate: 'Escalated (overdue)', order_approve_resumption: 'Resumption approved', order_reject_resumption: 'Resumption rejected', resumption_apply: 'Applied to resume', alarm_raise: 'Blanket-shutdown alarm', alarm_close: 'Alarm closed', pass_apply: 'Pass applied for', pass_issue: 'Pass issued', pass_reject: 'Pass rejected', pass_revoke: 'Pass revoked' },
    fields: { uscc: 'USCC', name: 'Name', region: 'County', industry: 'Industry', headcount: 'Headcount', capacity: 'Daily capacity', categories: 'Categories', service_kind: 'Service kind', critical: 'Critical link', plans_filed: 'Plans filed', reason: 'Reason', comment: 'Comment', note: 'Note', measures: 'Measures', level: 'Level', effective_on: 'Effective from', version: 'Version', divisions: 'Divisions' },
  },
  errors: { network: 'Cannot reach the server; try again shortly.', forbidden: 'Not allowed.', status: 'The request failed ({status}); try again or ask an administrator.' },
  export: { csv: 'Export CSV', xlsx: 'Export Excel' },
  accounts: {
    title: 'Accounts', create: 'New account', displayName: 'Display name', role: 'Role', state: 'State', disabled: 'Disabled', active: 'Active',
    admin: 'Administrator', reset: 'Reset password', disable: 'Disable', region: 'Jurisdiction (six-digit code)', enterprises: 'Enterprises it speaks for (USCCs)',
    enterprisesHint: 'Separate several codes with commas', adminHint: 'May manage the accounts in its jurisdiction', confirmDisable: 'Disable {name}? Its sessions end at once.',
    newPassword: 'New password for {name} (at least 8 characters):',
  },
  import: {
    button: 'Import CSV', title: 'Import enterprises from a CSV file', start: 'Upload and import', skipInvalid: 'Skip bad rows and import the good ones',
    help: 'The first row names the columns: uscc, name, region, industry are required; headcount, capacity, categories, service_kind, critical, plans_filed are optional. The file must be UTF-8.',
    line: 'Line', field: 'Field', reason: 'Reason', done: 'Imported {imported} rows ({rows} in all, {rejected} with errors)',
    nothing: '{rejected} of {rows} rows have errors; nothing was imported. Fix them and upload again, or skip the bad rows.',
  },
  orders: {
    title: 'Stop/limit orders', awaiting: 'Awaiting me', confirmText: 'The order for {name}: {what}. Go ahead?', emergencyShort: 'Emergency', propose: 'Propose a stop or limit', proposeFor: 'Propose a stop or limit for {name}',
    enterprise: 'Enterprise', measure: 'Measure', percent: 'Share kept (%)', reason: 'Reason', evidence: 'Evidence', startsAt: 'Starts', endsAt: 'Ends',
    emergency: 'Emergency provisional order (confirmed case on site)', emergencyHint: 'In force at once for at most {h} hours; it lapses unless its full route confirms it in that time.',
    state: 'State', step: 'Current step', route: 'Route', routeWill: 'The route this order will take', proposedBy: 'Proposed by', proposedAt: 'Proposed at',
    dueAt: 'Due', overdue: 'Overdue', escalated: 'Escalated', timeline: 'Timeline', evaluations: 'Evaluations', noEvaluations: 'No evaluation yet.',
    machine: 'Machine assessment', official: 'Official assessment', resumptions: 'Resumption applications', actions: 'Your actions', noActions: 'Nothing for you to do on this order now.',
    comment: 'Comment', assessment: 'Assessment (impact on the enterprise, its chain and its workers; why the measure is needed)', reasonNeeded: 'Give a reason',
    lapsesIn: 'Lapses in {t} unless confirmed', lapsed: 'Lapsed', submit: 'Submit', none: 'No stop/limit orders.', noneAwaiting: 'Nothing awaits you.',
    applyResumption: 'Apply to resume', measuresNow: 'Prevention measures in place', decideResumption: 'Decide the resumption application', approveResumption: 'Approve resumption', rejectResumption: 'Reject',
    filedAt: 'Filed', dueBy: 'Answer by', decision: 'Decision', status: 'Operating status', orders: 'Stop/limit orders', mineOnly: 'Awaiting me only', overdueOnly: 'Overdue only',
    noRestriction: 'The guidance allows no stop or limit for this enterprise; only an emergency provisional order (a confirmed case on site) may be proposed.', limits: 'An order runs at most {d} days',
    done: 'Done', current: 'In progress', notReached: 'Not reached', proposed: 'Proposed; the route has started.', acted: 'Done.', step_kind: { evaluate: 'evaluates', decide: 'decides' },
    stepLevel: { county_or_city: 'county/city', province: 'province' },
    states: { pending: 'Pending', returned: 'Returned for revision', in_force: 'In force', rejected: 'Rejected', withdrawn: 'Withdrawn', lapsed: 'Lapsed', lifted: 'Lifted', expired: 'Expired', resumed: 'Resumed' },
    measures: labels('measures', 'en'),
    act: { approve: 'Approve', reject: 'Reject', return: 'Return for revision', withdraw: 'Withdraw', resubmit: 'Resubmit', lift: 'Lift the order', decide_resumption: 'Decide resumption', apply_resumption: 'Apply to resume' },
    timelineAction: { propose: 'Proposed', propose_emergency: 'Proposed (emergency)', approve: 'Approved', reject: 'Rejected', return: 'Returned', withdraw: 'Withdrawn', resubmit: 'Resubmitted', lift: 'Lifted', apply_resumption: 'Applied to resume', approve_resumption: 'Resumption approved', reject_resumption: 'Resumption rejected', expire: 'Expired', lapse: 'Lapsed', escalate: 'Escalated (overdue)' },
  },
  alarms: {
    title: 'Suspected blanket shutdowns', none: 'No alarms.', region: 'Region', raisedAt: 'Raised', orders: 'Orders', enterprises: 'Enterprises', detail: 'Detail', state: 'State',
    open: 'Open', closed: 'Closed', close: 'Close after checking', note: 'What was found', closedBy: 'Closed by', onDashboard: 'Suspected blanket shutdowns',
  },
  passes: {
    title: 'Vehicle passes for key materials', pass: 'Pass', apply: 'Apply for a pass', application: 'application', awaitsDecision: 'to be decided by {who}', seal: 'Issuing authority (seal)', expired: 'Expired', confirmText: '{what}: pass {number} ({plate}). Go ahead?', none: 'No passes.', number: 'Number', notYet: 'not issued yet', state: 'State',
    plate: 'Plate (the tractor for a semi-trailer)', goods: 'Goods', origin: 'Origin (county code)', destination: 'Destination (county code)', route: 'Through counties (codes, comma-separated)',
    trip: 'Route', validFrom: 'Valid from', validTo: 'Valid to', crew: 'Drivers and crew', name: 'Name', idNumber: 'ID number', documentNumber: 'Document number', testUntil: 'Negative test valid until',
    idTypes: labels('id_types', 'en'),
    driver: 'Driver', crewMember: 'Crew', addPerson: 'Add a person', applicant: 'Applicant', issuer: 'Issued by', approve: 'Approve and issue', reject: 'Reject',
    reason: 'Remark', revoke: 'Revoke the pass', revokeReason: 'Reason for revoking', renew: 'Renew', print: 'Print', printTitle: 'Key-material transport vehicle pass',
    qr: 'QR code of the pass', checks: 'Checks', noChecks: 'No checks yet.', checkedAt: 'Checked at', checkpoint: 'Checkpoint', officer: 'Officer', result: 'Result',
    states: { applied: 'Awaiting approval', issued: 'Valid', rejected: 'Rejected', revoked: 'Revoked' },
    goodsNames: labels('goods', 'en'),
  },
  checkpoint: {
    title: 'Checkpoint', scan: 'Scan a pass', stopScan: 'Stop scanning', presented: 'Pass text (scanned or pasted), or its 12-digit number', check: 'Check', online: 'Online',
    offline: 'Offline', lists: 'lists of {at}, {n} revoked', never: 'never downloaded', queued: '{n} checks to upload', refresh: 'Update lists',
    checkedOffline: 'checked offline, uploaded when back online', noCamera: 'cannot open the camera: {why}',
    scanInstead: 'Offline, a number cannot be looked up: scan the pass\'s QR code instead', plateNotCompared: 'No plate entered: the plate was not compared',
  },
  // The pass verdicts, then the checkpoint's own results (no pass to judge).
  verdict: { ...labels('verdicts', 'en'), not_registered: 'No such registration (not issued here)', needs_network: 'Checking a typed number needs the network' },
};

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem('fugong.locale') || 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
});

export function setLocale(locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem('fugong.locale', locale);
  document.documentElement.lang = locale;
}
