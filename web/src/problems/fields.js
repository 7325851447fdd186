// The names of the API's input fields in Chinese, for problems that name a
// field ("{field} 为必填项").
export default {
};
