import type { Catalogue } from './en.js';

/** 简体中文消息目录：与 en.ts 键一一对应。 */
export const zhCN: Catalogue = {
  'import.syntax': (p) => `无法读取：${p.reason}`,
  'import.csvHeader': (p) => `表头既不是单位文件（code、name……），也不是事项文件（unit、year、code、title……）；实际为：${p.columns}`,
  'import.required': () => '为必填项',
  'import.unknownField': (p) => `含有未知字段“${p.field}”`,
  'import.expected': (p) => `应为${p.expected}`,
  'import.tooLong': (p) => `不能超过 ${p.max} 个字符`,
  'import.tooFew': (p) => `至少需要 ${p.min} 个`,
  'import.badCode': () => '只能由字母、数字和“-”组成（以字母或数字开头），最多 64 个字符',
  'import.badItemCode': () => '只能由字母、数字和“.”“_”“-”组成（以字母或数字开头），最多 64 个字符',
  'import.badDate': () => '应为 YYYY-MM-DD 格式的日期',
  'import.badTime': () => '应为 HH:MM 格式的时间（24 小时制）',
  'import.badPerson': () => '应为 Slack 用户 ID（U 开头）或电子邮箱',
  'import.badPercent': () => '应为 0 到 100 的整数',
  'import.badResponsibility': () => '应为“primary”（主体责任）或“supervisory”（监督责任）',
  'import.badCadence': () => '应为 weekly、biweekly 或 monthly（每周、每两周、每月）',
  'import.badYear': () => '应为年份，如 2026',
  'import.badMilestone': (p) => `节点“${p.text}”应写作 标题@YYYY-MM-DD 或 标题@YYYY-MM-DD@百分比`,
  'import.duplicateUnit': (p) => `单位 ${p.code} 重复定义（另见 ${p.other}）`,
  'import.duplicateItem': (p) => `事项 ${p.code} 重复定义（另见 ${p.other}）`,
  'import.unknownParent': (p) => `上级单位 ${p.code} 在文件和数据库中均不存在`,
  'import.parentCycle': (p) => `单位上下级关系成环：${p.path}`,
  'import.unknownUnit': (p) => `单位 ${p.code} 在文件和数据库中均不存在`,
  'import.itemElsewhere': (p) => `事项 ${p.code} 已属于单位 ${p.unit} 的 ${p.year} 年清单；事项编号不能重复`,
  'import.startAfterDue': () => '开始日期晚于完成时限',
  'import.milestoneAfterDue': (p) => `节点“${p.title}”的时限晚于事项的完成时限`,
  'import.milestoneOrder': () => '节点的计划进度不能随日期推后而减少',
  'import.policyOrder': () => '应满足 remind_after ≤ escalate_after ≤ escalate_again_after',
  'import.emailNeedsSlack': (p) => `${p.email} 是电子邮箱，解析它需要设置 SLACK_BOT_TOKEN（或直接填写 Slack 用户 ID）`,
  'import.emailUnknown': (p) => `没有 Slack 用户使用电子邮箱 ${p.email}`,
  'import.emailFailed': (p) => `无法在 Slack 中查找 ${p.email}：${p.reason}`,
  'import.failed': (p) => `导入被拒绝：发现 ${p.count} 处问题，未写入任何内容`,
  'import.summary': (p) => `${p.entity}：新增 ${p.created}，更新 ${p.updated}，未变 ${p.unchanged}`,
  'import.dryRun': () => '试运行：未写入任何内容',
  'import.written': () => '导入已写入',
  'import.nothing': () => '没有需要变更的内容',
  'entity.units': () => '单位',
  'entity.unit': () => '单位',
  'entity.list': () => '清单',
  'entity.item': () => '事项',
  'entity.policy': () => '策略',
  'entity.day': () => '日历日',
  'cli.usage': () => USAGE_ZH,
  'cli.unknownCommand': (p) => `未知命令“${p.command}”；运行 zeren --help 查看用法`,
  'cli.badOption': (p) => `${p.reason}；运行 zeren --help 查看用法`,
  'cli.migrated': (p) => (p.names ? `已执行迁移：${p.names}` : '数据库已是最新'),
  'cli.tickSummary': (p) =>
    `定时任务（${p.at}）：设置频道 ${p.channels} 个；决定督促 ${p.prompted} 条、提醒 ${p.reminded} 条、升级 ${p.escalated} 条；入队消息 ${p.enqueued} 条；已发送 ${p.sent} 条，失败 ${p.failed} 条，仍在队列 ${p.pending} 条`,
  'cli.tickPending': (p) => `仍有 ${p.pending} 条消息在队列中：Slack 在 ${p.seconds} 秒内未能接收，这些消息保留在发件箱中，由机器人的发送器（或下一次 zeren tick）继续发送`,
  'cli.listening': (p) => `Zeren 已运行：${p.url}`,
  'entity.lists': () => '清单',
  'entity.items': () => '事项',
  'entity.policies': () => '策略',
  'entity.calendar': () => '日历',

  'progress.help': () =>
    [
      '*/progress* — 报告责任事项进展',
      '• `/progress` — 打开表单，从您的事项中选择',
      '• `/progress NJ-2016-01` — 打开该事项的表单',
      '• `/progress NJ-2016-01 40% 正常 初稿已完成` — 直接记录',
      '事项编号之后依次为（均可省略）：完成百分比（`40%`）、状态（`正常`、`滞后`、`受阻`、`完成`，或 `on-track`、`at-risk`、`blocked`、`done`）和进展说明。',
      '您可以报告自己负责的事项；单位主要负责人可以报告本单位的所有事项。',
    ].join('\n'),
  'progress.badCode': (p) => `“${p.text}”不是事项编号。请先写事项编号，例如：/progress NJ-01 40% 正常 已完成初稿`,
  'progress.badPercent': (p) => `“${p.text}”不是有效的百分比。请写 0 到 100 的整数加 %，例如 40%。`,
  'progress.noteTooLong': (p) => `说明共 ${p.length} 个字符，最多 ${p.max} 个，请精简。`,
  'progress.unknownItem': (p) => `没有编号为 ${p.code} 的事项。请在 Zeren 应用主页或本单位清单中核对编号。`,
  'progress.closed': (p) => `事项 ${p.code} 已关闭，不再接受进展报告。`,
  'progress.notYours': (p) => `您不是事项 ${p.code} 的责任人，也不是其所在单位的主要负责人，不能报告该事项的进展。`,
  'progress.percentRange': () => '完成百分比应为 0 到 100 的整数。',
  'progress.empty': () => '请至少填写完成百分比、状态或进展说明中的一项。',
  'progress.recorded': (p) => `已记录 ${p.code} ${p.title} 的进展：${p.summary}`,
  'progress.repeated': (p) => `这条关于 ${p.code} ${p.title} 的进展已记录过。`,
  'progress.notice': (p) => `${p.actor} 报告了 ${p.code} ${p.title} 的进展：${p.summary}`,
  'progress.noteLabel': () => '说明',
  'progress.evidence': () => '佐证材料',
  'progress.failed': () => '抱歉，暂时无法记录您的进展，未保存任何内容，请稍后重试。',
  'status.on_track': () => '正常',
  'status.at_risk': () => '滞后',
  'status.blocked': () => '受阻',
  'status.done': () => '完成',
  'light.grey': () => '未开始',
  'light.blue': () => '临期',
  'light.green': () => '正常',
  'light.yellow': () => '滞后',
  'light.red': () => '严重滞后',
  'button.report': () => '报告进展',
  'modal.title': () => '报告进展',
  'modal.submit': () => '提交',
  'modal.close': () => '取消',
  'modal.item': () => '事项',
  'modal.itemPlaceholder': () => '选择事项',
  'modal.percent': () => '完成百分比',
  'modal.status': () => '状态',
  'modal.statusPlaceholder': () => '选择状态',
  'modal.note': () => '进展说明',
  'modal.notePlaceholder': () => '已完成的工作、下一步安排、遇到的困难',
  'modal.evidence': () => '佐证材料链接',
  'modal.noItems': () => '您没有可报告的事项。事项来自本单位的责任清单，请联系清单管理员。',
  'modal.moreItems': (p) => `仅显示您的前 ${p.shown} 项（共 ${p.total} 项）；其他事项请使用 /progress 事项编号。`,
  'modal.cannotReport': () => '无法报告',
  'home.title': () => '我的责任事项',
  'home.intro': (p) => `您负责或主管的事项共 ${p.count} 项。点击按钮报告，或使用 /progress 事项编号 百分比 状态 说明。`,
  'home.empty': () => '暂无事项。事项来自本单位的责任清单。',
  'home.due': (p) => `完成时限 ${p.date}`,
  'home.lastReport': (p) => `最近报告 ${p.date}：${p.summary}`,
  'home.noReport': () => '尚未报告',
  'home.page': (p) => `第 ${p.page} 页，共 ${p.pages} 页`,
  'home.next': () => '下一页',
  'home.previous': () => '上一页',

  'channels.memberDeactivated': (p) =>
    `<@${p.user}> 的 Slack 账号已停用，未能加入单位 ${p.unit} 的频道。其负责的事项（${p.count} 项）：${p.items}。请为这些事项指定新的责任人（在导入文件中更换责任人后重新导入）。`,
  'channels.memberDeactivatedRole': (p) =>
    `<@${p.user}>（单位 ${p.unit} 的${p.role}）的 Slack 账号已停用，未能加入本单位频道。请在导入文件中更新本单位的${p.role}。`,
  'channels.role.head': () => '主要负责人',
  'channels.role.supervisor': () => '纪检监督联系人',

  'schedule.prompt': (p) => `🔔 进展督促：*${p.code}* ${p.title}（完成时限 ${p.due}）。请 ${p.owners} 点击按钮或使用 \`/progress ${p.code} 百分比 状态 说明\` 报告进展。`,
  'schedule.reminderSilence': (p) => `⏰ 提醒：*${p.code}* ${p.title} 已有 ${p.days} 个工作日未报告进展，请点击按钮或使用 \`/progress ${p.code} 百分比 状态 说明\` 及时报告。`,
  'schedule.reminderOverdue': (p) => `⏰ 提醒：*${p.code}* ${p.title} 的完成时限为 ${p.date}，已逾期 ${p.days} 个工作日。请报告当前进展，或标记为完成并提请审核。`,
  'schedule.reminderMilestone': (p) => `⏰ 提醒：*${p.code}* ${p.title} 的节点“${p.milestone}”时限为 ${p.date}（已过 ${p.days} 个工作日），请报告其进展。`,
  'schedule.reminderThread': (p) => `${p.owners}：*${p.code}* ${p.title} 已 ${p.days} 个工作日未报告进展，请点击上方按钮报告。`,
  'schedule.headSilence': (p) => `📣 提醒：本单位 ${p.unit} 的事项 *${p.code}* ${p.title} 经提醒后仍已 ${p.days} 个工作日未报告进展。责任人：${p.owners}。请督促落实。`,
  'schedule.headOverdue': (p) => `📣 提醒：*${p.code}* ${p.title}（单位 ${p.unit}）${p.what}的时限为 ${p.date}，已逾期 ${p.days} 个工作日。责任人：${p.owners}。请督促落实。`,
  'schedule.supervisorSilence': (p) => `🚩 ${p.to}：单位 ${p.unit} 的事项 *${p.code}* ${p.title} 经提醒责任人（${p.owners}）和单位主要负责人后，仍已 ${p.days} 个工作日未报告进展，建议约谈。`,
  'schedule.supervisorOverdue': (p) => `🚩 ${p.to}：单位 ${p.unit} 的事项 *${p.code}* ${p.title} ${p.what}的时限为 ${p.date}，经提醒责任人（${p.owners}）和单位主要负责人后已逾期 ${p.days} 个工作日，建议约谈。`,
  'schedule.theItem': () => '',
  'schedule.theMilestone': (p) => `节点“${p.milestone}”`,
  'schedule.nobody': () => '无责任人',

  'export.unknownUnit': (p) => `没有单位 ${p.code}`,
  'export.written': (p) => `已写入 ${p.rows} 行到 ${p.file}`,

  'verify.ok': (p) => `台账校验通过：${p.units} 条单位链共 ${p.entries} 条记录`,
  'verify.broken': (p) => `台账记录 ${p.id}（单位 ${p.unit}）校验不符：${p.reason}`,
  'verify.reasonHash': () => '其哈希值与内容不符',
  'verify.reasonLink': () => '未指向本单位的上一条记录',
  'verify.reasonHead': () => '本单位链头与最后一条记录不符（有记录缺失）',
};

const USAGE_ZH = `用法：zeren <命令> [选项]

命令：
  start                         运行机器人（HTTP 监听 PORT；设置 SLACK_APP_TOKEN 时使用 Socket Mode）
  migrate                       执行数据库迁移（start 时也会执行）
  import 文件… [--dry-run]      从 YAML 或 CSV 文件导入单位、策略、清单和事项
  export items|ledger [--unit 单位编码] [--format csv|json] [--out 文件]
                                导出事项状态或台账（未指定 --out 时输出到标准输出）
  tick [--at 时刻] [--wait 秒数]   执行该时刻（默认现在）定时任务应做的一切，并发送待发消息
                                （等待 Slack 最多 --wait 秒，默认 60 秒）
  verify                        校验台账哈希链

选项：
  -h, --help                    显示本帮助

配置来自环境变量和 .env 文件（见 .env.example）。`;
