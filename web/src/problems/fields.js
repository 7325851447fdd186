// The names of the API's input fields in Chinese, for problems that name a
// field ("{field} 为必填项").
export default {
  // Fields the problems of src/core/ name (region.code, pass.county)
  region: '地区代码',
  code: '地区代码',
  parent: '上级地区代码',
  origin: '起运地',
  destination: '目的地',
};
