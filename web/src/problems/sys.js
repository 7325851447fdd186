// The Chinese texts of the problems src/util/ and src/sys/ send, by key (see index.js).
export default {
  'key.exists': '{file}：该密钥已存在，密钥不会被替换',
  'key.name': '密钥名称不符合要求：须为根密钥，或以省级行政区划代码命名的签发密钥',
  'key.mode': '{file}可被其他用户读取（权限{mode}），私钥文件的权限须为600',
  'key.root_missing': '密钥目录{dir}中没有根密钥，请系统运维人员先初始化密钥',
  'key.no_issuer': '{province}尚无签发密钥，无法轮换，请先初始化该省的签发密钥',
  'key.generations': '{province}的签发密钥已用尽全部{max}代，无法再轮换',
  'qr.too_long': '内容过长，无法放入一个二维码',
  'qr.not_found': '{file}：图片中没有找到二维码',
  'text.encoding': '文件既不是 UTF-8 编码，也不是 GB 18030 编码（第{byte}字节处出错），请另存为“CSV UTF-8”格式',
  'sig.alg': '不支持签名算法“{alg}”，可选基于 Ed25519 的算法、ES256、PS256 或 SM2（国密 SM2/SM3）',
  'sig.ed25519_public': '无法读取 Ed25519 公钥',
  'sig.ed25519_private': '无法读取 Ed25519 私钥',
  'sig.ec_curve': '椭圆曲线密钥须使用 P-256 曲线（用于 ES256）或 SM2 曲线（用于 SM2）',
  'sig.rsa_bits': '用于 PS256 的密钥长度至少须为{bits}位',
  'sig.key_type': '不支持该类型的密钥（须为 Ed25519、P-256、SM2 曲线或 PS256 所用的密钥）',
  'sig.public_too_large': '公钥过大',
  'sig.spki': '不是有效的公钥',
  'sig.public_pem': '不是有效的公钥文件',
  'sig.private_pem': '不是有效的私钥文件',
  'sig.generate': '无法生成{alg}密钥',
  // ---- daily reports (issue 13, part "reports"): Excel uploads (src/sys/xlsx.c) ----
  'xlsx.unreadable': '无法读取这个电子表格文件，请在表格软件中重新保存后上传，或另存为逗号分隔的文件',
  'xlsx.too_big': '这个电子表格解压后超过{max}字节，请分成几个文件上传',
  // ---- end daily reports ----
  // outgoing HTTP (src/sys/http.c): anchors sent to a notary
  'http.url': '地址格式不正确：须为超文本传输协议（含加密传输）的网址，并写明主机名',
  'http.unreachable': '对方服务没有应答（无法连接或超时），请稍后再试',
  'http.unavailable': '对方服务暂时无法接收，请稍后再试',
  'http.refused': '对方服务拒绝接收',
};
