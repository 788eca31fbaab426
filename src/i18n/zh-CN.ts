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
  'cli.listening': (p) => `Zeren 已运行：${p.url}`,
  'entity.lists': () => '清单',
  'entity.items': () => '事项',
  'entity.policies': () => '策略',
  'entity.calendar': () => '日历',

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
  verify                        校验台账哈希链

选项：
  -h, --help                    显示本帮助

配置来自环境变量和 .env 文件（见 .env.example）。`;
