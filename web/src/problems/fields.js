// The names of the API's input fields in Chinese, for problems that name a
// field ("请填写“{field}”").
export default {
  // src/api/
  action: '操作', admin: '管理员', applicant: '申请单位', approve: '审批意见', assessment: '评估意见',
  before: '截止时间', capacity: '日产能', categories: '企业类别', category: '企业类别', checks: '核验记录',
  code: '地区', credential: '通行证', crew: '驾乘人员', critical: '产业链关键环节', destination: '目的地',
  display_name: '姓名', drivers: '驾驶员核酸检测', effective_on: '生效日期', emergency: '紧急指令', ends_at: '结束时间',
  enterprise: '企业', enterprises: '代表企业', evidence: '依据', format: '格式', goods: '物资类别',
  headcount: '人数', hours: '有效小时数', id: '编号', industry_name: '行业名称', lang: '语言', region_name: '所在区县',
  id_number: '证件号码', id_type: '证件类型', industry: '行业',
  level: '风险等级', limit: '每页条数', measure: '措施', measures: '措施', name: '名称', note: '说明',
  number: '通行证编号', offset: '起始位置', on: '日期', origin: '出发地', parent: '上级地区',
  password: '密码', percent: '限产比例', plans_filed: '已备案预案', plate: '车牌号', q: '关键词',
  reason: '理由', region: '地区', revised_evidence: '修改后的依据', revised_reason: '修改后的理由',
  revised_ends_at: '修改后的结束时间', role: '角色', route: '途经地', service_kind: '服务类型',
  skip_invalid: '跳过错误行', starts_at: '开始时间', state: '状态', status: '经营状态', step: '环节',
  table: '规则表', username: '用户名', uscc: '统一社会信用代码', valid_from: '有效期开始',
  valid_to: '有效期截止', version: '版本号', whitelist: '白名单',
  // coordination requests
  answer: '答复', customer: '需求企业', department: '承办部门', items: '供应企业', n: '事项',
  need: '协调事项', subject: '事由', supplier: '供应企业', to_region: '收函地区', why: '理由',
};
