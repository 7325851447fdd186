// The names of the API's input fields in Chinese, for problems that name a
// field ("{field} 为必填项").
export default {
  // Fields named by src/store/ and src/app/ (the perr-store helper's block).
  'admin': '账号管理权限',
  'assessment': '评估意见',
  'capacity': '日产能',
  'critical': '关键环节',
  'enterprises': '代表的企业',
  'headcount': '人数',
  'id': '编号',
  'industry': '行业',
  'measure': '措施',
  'name': '名称',
  'number': '通行证编号',
  'password': '密码',
  'plans_filed': '已备案预案',
  'region': '行政区划',
  'username': '用户名',
  'uscc': '统一社会信用代码',
  'version': '版本',
  // End of the perr-store block.
};
