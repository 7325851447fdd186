// The Chinese texts of the problems src/app/ sends, by key (see index.js).
export default {
  'order.restriction_not_allowed': '按指导规则（{rule}），该企业不得停工或限产，只能提出紧急临时指令',
  'order.assessment_required': '评估环节须填写评估意见（{min}至{max}字）：对企业、其产业链和职工的影响，以及采取该措施的必要性',
  'pass.decider': '此类物资的通行证由货物起运地所在省的指定省级部门签发、不予签发或撤销',
  'pass.no_signing_key': '本服务器尚无该省的通行证签发密钥，请联系系统运维人员创建',
  'pass.serials_used_up': '该省已签发999999张通行证，编号已用完',
  'pass_rule.setter': '各省的通行证核酸检测规则由该省省级联防联控机制设定',
  // chain-data: the supply-chain graph
  'chain.end_not_found': '统一社会信用代码为{uscc}的企业尚未登记',
  'chain.import_outside': '供应商{supplier}和客户{customer}都不在您可以维护的范围内',
  // Coordination requests (src/app/coordination.c)
  'coordination.raiser': '商请函由省、市或区县发出',
  'coordination.items': '一份商请函须列出1至{max}家供应企业',
  'coordination.duplicate': '供应企业{uscc}的同一事项重复列出',
  'coordination.supplier_outside': '供应企业{uscc}不在收函地区{region}辖区内',
  'coordination.no_item': '该商请函没有第{n}项',
  'coordination.answer_needed': '请填写答复内容，说明已办或将办的情况',
  'coordination.reason_needed': '不予办理或重新办理须说明理由',
  'coordination.not_yours': '该商请函不是本辖区发出或收到的',
  // ---- white lists (issue 12, part "whitelist") ----
  'whitelist.batch_needed': '列入名单须指明发布批次',
  'recognition.days': '接收省份答复期限须为{min}至{max}天',
  // ---- end white lists ----
  // ---- white-list credentials (issue 12, part "cred") ----
  'wlcred.due_review': '该企业的白名单复核日期（{review_on}）已过，待列入机关复核调整后再出具白名单企业证明',
  'wlcred.not_listed': '只有在册的白名单企业才有白名单企业证明（当前状态：{state}）',
  'wlcred.no_signing_key': '本服务器尚无该名单所在省份的签发密钥，请联系系统运维人员创建',
  // ---- end white-list credentials ----
  // ---- daily reports (issue 13, part "reports") ----
  'report.lines_bad': '共{lines}行，其中{bad}行有误，全部未写入；请按逐行说明改正后重新提交',
  'report.lines_none': '其中没有日报',
  // ---- end daily reports ----
  // ---- problems (issue 13, part "problems"; src/app/problems.c) ----
  'problem.raiser': '诉求由企业或运输企业提出',
  'problem.kind_unknown': '诉求类型“{value}”无法识别，请从列表中选择',
  'problem.kind_by_alert': '这类诉求由系统根据日报监测自动生成，不能手动提交；请选择最能说明困难的类型',
  'problem.what': '请说明遇到的问题（至少4个字）',
  'problem.not_your_enterprise': '企业只能就本企业提出诉求',
  'problem.county': '请选择所在区县',
  'problem.plate_needed': '车辆受阻须填写车牌号',
  'problem.pass_unknown': '没有编号为{number}的通行证',
  'problem.pass_not_issued': '通行证{number}不在有效状态',
  'problem.pass_plate': '通行证{number}不是这辆车的',
  'problem.alert_key': '预警生成诉求须带预警标识（少于80个字符）',
  'problem.raiser_only': '只有诉求提出人才能办理此操作',
  'problem.text_needed': '请填写答复内容或理由',
  'problem.department_already': '该诉求已由{department}参与办理',
  'problem.owner_setter': '某地区各类诉求的承办部门由该地区联防联控机制设定',
  'problem.owner_region': '全国范围的承办部门以诉求类型的默认设置为准，请按省、市或区县设定',
  'problem.pause_limit': '暂停理由不超过{max}个字，每件诉求最多暂停16次',
  // ---- end problems ----
  // ---- monitoring of work resumption (issue 13, part "monitor") ----
  'monitor.share': '判定复工的用电比例须为基准用电量的1%至100%（当前为{share}%）',
  'monitor.trend_days': '趋势最多查看{max}天，且起始日期不能晚于截止日期',
  'monitor.trend_by': '不认识的分组方式“{value}”，可按地区、行业、产业链、白名单或企业类别分组',
  'monitor.power_empty': '文件是空的',
  'monitor.power_unknown': '您的辖区内没有统一社会信用代码为{uscc}的企业',
  'monitor.power_duplicate': '同一企业同一日期的用电量已在第{line}行出现',
  'monitor.power_rejected': '有{count}行有误，整个文件均未保存，请改正后重新上传',
  'monitor.power_no_rows': '文件只有表头，没有用电数据',
  // ---- end monitoring ----
  // the working-day calendar (issue 13)
  'calendar.twice': '{day}重复出现',
  // ---- production and contingency plans (issue 14, part "plans") ----
  'plan.incomplete': '预案还有{count}项缺漏或不足，请补齐后再报备（见下方清单）',
  'plan.body': '预案内容格式不对，请在页面上填写',
  'plan.too_big': '预案内容过大（超过{max}字节）',
  'plan.reasons': '退回预案须写明理由（1至{max}条）',
  'plan.reason_text': '第{n}条退回理由应为1至{max}个字',
  'plan.lacking_region': '缺少预案的企业名单供地区的主管部门查看',
  // ---- end plans ----
  // ---- transfer stations (issue 14, part "stations") ----
  'station.manager': '中转站由省级联防联控机制设立和调整',
  'station.pass_not_issued': '通行证{pass}当前为“{state}”状态，只有已签发的通行证可以预约',
  'station.pass_validity': '所选时段不在通行证有效期内',
  'station.off_route': '通行证{pass}的线路不经过“{station}”所在区县',
  'pass.recrew_state': '只有已签发的通行证可以更新随车人员，该通行证当前为“{state}”状态',
  'station.no_handover': '请先登记交接，再办理车辆出站',
  // ---- end transfer stations ----
  // ---- policies that benefit enterprises (issue 15, part "policies": src/app/policies.c) ----
  'policy.catalogue': '政策目录文件格式不对，应为包含政策列表的JSON文件',
  'policy.catalogue_entry': '第{policy}项政策缺少地区、发文部门、名称、文号、日期、预算、是否免申即享或规则',
  'policy.catalogue_date': '第{policy}项政策的日期格式不对，应为“年-月-日”',
  // ---- end policies ----
  // ---- the delivery of policies (issue 15, part "delivery") ----
  'policy.claim_no_policy': '没有覆盖该企业的有效政策',
  'policy.claim_automatic': '该政策免申即享，无需申请：数据表明符合条件时系统自动为您办理',
  'policy.claim_not_eligible': '按现有数据，该企业不符合此项政策的条件；如认为符合，可以提出异议',
  'policy.claim_base_needed': '计算金额需要提供{base}',
  'policy.claim_statement_needed': '请确认声明事项：{statement}',
  'policy.claim_files': '附件应为列表，每项含名称、类型和内容',
  'policy.claim_files_many': '每项申请最多{max}个附件',
  'policy.claim_base_unneeded': '该申请的金额不需要补充基数',
  'policy.claim_not_yours': '该申请不在您的办理范围内',
  'policy.objection_claim': '异议针对的申请须是本企业在该政策下的申请',
  // ---- end delivery ----
  // ---- anchors of the audit chain (issue 16) ----
  'audit.chain_code': '查询条件“{field}”应为省级行政区划代码（如 330000），或 000000 表示全国链',
  'audit.chain_deep': '数据与日志的核对针对全部链进行：“{field}”不能与深度校验同时使用',
  'audit.anchor_no_root': '没有根密钥：审计链锚点须由根密钥签名，请运维人员先生成根密钥',
  'audit.anchor_format': '这不是审计链的锚点文件',
  'audit.anchor_key': '该锚点由密钥 {kid} 签名，而不是本系统的根密钥（{root}）',
  'audit.anchor_alg': '该锚点标明的签名算法为 {alg}，与根密钥的算法（{root}）不符',
  'audit.anchor_signature': '锚点签名校验失败：签名之后内容被改动过',
  // ---- end anchors ----
};
