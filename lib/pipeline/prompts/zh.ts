// 中文提示词：阅读笔记 → 分弧规划（人物/场景设定 + 分集节拍表）→ 分场剧本 → 审读。每一步只给这一步需要的上下文。
import { blockOf, type PromptSet, stepTag } from './types';

const STAGES = {
  parse: '解析章节与计算篇幅…',
  summarize: '阅读笔记：第{n}/{t}段…',
  outline: '规划分集节拍：第{n}/{t}部分…',
  script: '撰写分场剧本：第{n}/{t}集…',
  check: '审读与连贯性检查…',
} as const;

const ROLES: Record<string, string> = {
  opening: '开篇集：前三秒就要抓人，尽快亮出主角与核心冲突',
  rising: '推进集：冲突升级，本集要有一个反转或爽点',
  midpoint: '中点集：全季最大的转折之一，卡点要强',
  arc_end: '段落收尾集：本段冲突阶段性爆发，卡点是全季最强的之一',
  finale: '大结局：兑现前面的伏笔，收束主线',
};

const CRAFT = `短剧创作规则：
- 开头三秒必须有钩子：冲突、悬念或强烈动作，不要铺垫。
- 每集要有冲突和一个反转或爽点；结尾必须有【卡点】（悬念、反转或危机）。
- 每集3–5场，篇幅按给定字数（每分钟约300字）。
- 只用人物表里的角色说话；不要新造人物。
- 第一人称的内心叙述写成 os（角色（os）：……），不要写成△。
- 台词口语化、短句；保留原著的精彩原话。`;

export const zhPrompts: PromptSet = {
  phrases: {
    schemaIntro: '只输出一个 JSON 对象，不要任何解释，必须符合以下 JSON Schema：',
    repair: (error) => `你上一次的回答不可用：${error}。请修正后重新输出完整的回答，不要解释。`,
    continueCut: '回答被截断了。请从断开的地方原样接着写，不要重复已经写过的内容，不要加任何说明。',
  },
  stage: (key, n, t) => STAGES[key].replace('{n}', String(n ?? '')).replace('{t}', String(t ?? '')),
  notes: (i) => ({
    system: `你是资深的小说编辑，为改编短剧做阅读笔记。原文每段以 ¶编号 开头。逐章（chapter 的 n）记录：
- events：按顺序的事件，每条一句话写清谁做了什么；id 写成“章号.序号”（如 3.1）；importance 1–5（5=故事的转折点，1=可删的点缀）；who 为参与人物；place 为地点；paras 为讲述它的段落编号；causes 为导致它的更早事件的 id。
- quotes：值得原样保留的台词，line 必须与原文一字不差，speaker 用原文称呼，para 为所在段落编号。
- changes：人物的状态、关系或认知发生的变化。
另记出场人物（同一人物的不同称呼合并到 aliases）和地点。只写原文里有的内容，不要编造；注释、序言也要读，但不要把注释当成情节。${stepTag('notes')}`,
    user: `${i.alone ? '上一次的笔记漏掉了下面这一章，请只为它写笔记。' : `这是全书第${i.index}/${i.total}段。`}${i.narrator ? `\n第一人称叙述者“我”是${i.narrator}：事件和人物里写${i.narrator}，不要写“我”。` : ''}${blockOf('annotations', i.annotations)}${i.annotations ? '\n（<annotations> 是原书的注释，只帮助理解原文，不是情节，不能当作事件或台词。）' : ''}
<source>
${i.text}
</source>
为 <source> 中的每一章各写一项，不能遗漏任何一章。`,
  }),
  plan: (i) => ({
    system: `你是短剧总编剧，负责第${i.from}–${i.to}集（全季共${i.total}集）的分集节拍表，并补充人物与场景设定。${CRAFT}
<notes> 是这部分原著的阅读笔记：#章号 标题；[id ★重要度] 事件 (人物 @地点) ¶段落 ←起因事件；~ 人物变化。<season> 给出每集在全季节奏中的任务。<characters> 和 <locations> 是已有的设定（名字 | 别名 | 身份 | 简介），<candidates> 是阅读笔记里出现、设定中还没有的人物；新出场的人物和地点写进 characters / locations（goal 目标、arc 人物弧光、relationships 关系、speech 说话风格、visual 一个镜头能拍到的外形标志）。<previous> 是上一集的结尾卡点，第${i.from}集要从它接上。
${i.narrator ? `第一人称叙述者“我”是${i.narrator}，作为角色写进人物表。` : ''}每集写：title、summary、opening（开场钩子）、conflict、payoff（爽点或反转）、events（本集演出的事件 id，按顺序）、scenes（3–5个场景节拍：place 用场景表里的地点名，time 日/夜，interior 内/外，characters，events，beat 一句话）、hook（卡点）。按原著顺序推进，★4–5 的事件都要用上，事件 id 只能用 <notes> 里有的。logline 写全剧一句话梗概。${stepTag('plan')}`,
    user: `作品：《${i.title}》，第${i.from}–${i.to}集，每集约${i.episodeLength}字。${i.style ? `\n风格要求：${i.style}` : ''}
<season>
${i.season.replace(/: (\w+)/g, (_, r: string) => `：${ROLES[r] ?? r}`)}
</season>${blockOf('characters', i.characters)}${blockOf('candidates', i.candidates)}${blockOf('locations', i.locations)}${blockOf('previous', i.previous)}
<notes>
${i.notes}
</notes>`,
  }),
  episode: (i) => ({
    system: `你是短剧编剧，按节拍表写一集的分场剧本。${CRAFT}
各块的用法：<sheet> 是本集节拍表（开场钩子、冲突、爽点、每场的地点|日夜|内外|人物|事件|节拍、卡点），按它分场；<events> 是本集要演出的事件；<source> 是这些事件的原文段落，情节与细节以原文为准，台词尽量用 <quotes> 里的原话；<previous> 是上一集最后的节拍和卡点——本集开场要直接接住它，不要重演上一集；<next> 是下一集的开场——本集的卡点要把观众引向它，但不要提前演出；<characters> 每行是“名字 | 别名 | 身份 | 简介 | 目标 | 说话风格 | 外形”，说话人只能用名字；<locations> 是场景表，地点名照抄。
严格使用下面的格式，每行一个元素，不要 Markdown，不要解释：
第${i.number}集 集名
场${i.number}-1 地点 日 内
人物：角色A、角色B
△动作描写
角色A：台词
角色A：（语气）台词
角色B（os）：内心独白
旁白（VO）：画外音
【卡点】本集结尾的悬念
（第${i.number}集完）`,
    user: `作品：《${i.title}》，第${i.number}/${i.total}集，约${i.episodeLength}字，3–5场。本集任务：${ROLES[i.role] ?? i.role}。${i.narrator ? `\n原文中“我”的内心叙述写成 ${i.narrator}（os）：……，不要写成△。` : ''}${i.style ? `\n风格要求：${i.style}` : ''}
<sheet>
${i.sheet}
</sheet>${blockOf('previous', i.previous)}${blockOf('next', i.next)}
<characters>
${i.characters}
</characters>${blockOf('locations', i.locations)}
<events>
${i.events}
</events>${blockOf('source', i.source)}${blockOf('quotes', i.quotes)}${blockOf('draft', i.draft)}${blockOf('fixes', i.fixes)}${i.draft ? '\n按 <fixes> 修改 <draft>，输出修改后的完整一集。' : ''}${stepTag('episode')}`,
  }),
  critic: (i) => ({
    system: `你是短剧审读编辑。按评分表给这一集打分（1–5）：hook 开场钩子与结尾卡点，conflict 冲突，payoff 爽点或反转，fidelity 是否忠于节拍表和原著事件，dialogue 台词是否符合人物。<found> 是程序检查出的问题。fixes 写具体的修改意见（每条点明第几场）；这一集可以不改时 fixes 为空。${stepTag('critic')}`,
    user: `第${i.number}集
<sheet>
${i.sheet}
</sheet>
<episode>
${i.episode}
</episode>${blockOf('found', i.found)}`,
  }),
  hook: (i) => ({
    system: `你是短剧编剧。这一集的结尾缺少【卡点】。根据最后一场和计划的卡点，只写一行：【卡点】……${stepTag('hook')}`,
    user: `第${i.number}集，计划的卡点：${i.planned}
<last_scene>
${i.lastScene}
</last_scene>`,
  }),
};
