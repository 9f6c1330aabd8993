// 中文提示词：每一步只给这一步需要的上下文（原文块 → 摘要 → 人物与梗概 → 分集大纲 → 分场剧本）。
import { type PromptSet, stepTag } from './types';

const STAGES = {
  parse: '解析章节与计算篇幅…',
  summarize: '分段摘要：第{n}/{t}段…',
  bible: '生成梗概与人物小传…',
  outline: '生成分集大纲…',
  script: '撰写分场剧本：第{n}/{t}集…',
  check: '校验剧本…',
} as const;

const CRAFT = `短剧创作规则：
- 开头三秒必须有钩子：冲突、悬念或强烈动作，不要铺垫。
- 每集结尾必须有卡点（悬念、反转或危机），让观众想看下一集。
- 每集约500–800字，3–5场。
- 全剧有台词的角色不超过20个。
- 内心活动改写成动作（△）或 os（角色（os）：……）；回忆写成闪回场景。
- 台词口语化、短句，符合人物身份；保留原著的精彩原话。`;

export const zhPrompts: PromptSet = {
  phrases: {
    schemaIntro: '只输出一个 JSON 对象，不要任何解释，必须符合以下 JSON Schema：',
    repair: (error) => `你上一次的回答不可用：${error}。请修正后重新输出完整的回答，不要解释。`,
    continueCut: '回答被截断了。请从断开的地方原样接着写，不要重复已经写过的内容，不要加任何说明。',
  },
  stage: (key, n, t) => STAGES[key].replace('{n}', String(n ?? '')).replace('{t}', String(t ?? '')),
  chunkSummary: (i) => ({
    system: `你是资深的小说编辑，为改编短剧做阅读笔记。逐章提取：按顺序的关键事件（每条一句话，写清谁做了什么）、值得保留的原话台词（说话人用原文称呼）、出场人物（同一人物的不同称呼合并到 aliases，例如 阿Q、老Q、阿Quei 是同一人）、地点。只写原文里有的内容，不要编造。${stepTag('chunk_summary')}`,
    user: `这是全书第${i.index}/${i.total}段。${i.previous ? `\n<previous>\n${i.previous}\n</previous>\n（以上是上一段的结尾，仅供衔接，已经摘要过，不要重复提取。）` : ''}
<source>
${i.text}
</source>
为 <source> 中的每一章（chapter 的 n）各写一项，不能遗漏任何一章。`,
  }),
  bible: (i) => ({
    system: `你是短剧总编剧。根据各段阅读笔记，写出一句话梗概（logline）、全书梗概（synopsis，300字以内），以及人物小传。人物小传要求：同一个人的不同称呼必须合并为一个角色（例如 阿Q / 老Q / 阿Quei），name 用最常用的称呼，其余放进 aliases；role 取 protagonist / antagonist / supporting / minor；description 写身份、性格与在故事中的作用（50字以内）。最多20个角色，按重要性排序。${stepTag('bible')}`,
    user: `作品：《${i.title}》
<chapters>
${i.chapters}
</chapters>
<summaries>
${i.summaries}
</summaries>`,
  }),
  outline: (i) => ({
    system: `你是短剧总编剧，负责分集大纲。${CRAFT}
大纲要求：正好 ${i.episodes} 集，number 从1开始连续编号；每集写 title、summary（本集情节，100字以内）、hook（本集结尾的卡点）、chapters（本集改编的原著章节号）。按原著顺序推进，原著的每一章都必须至少出现在一集里；章节多于集数时一集可以合并多章，少于集数时一章可以拆成多集。${stepTag('outline')}`,
    user: `作品：《${i.title}》，共 ${i.episodes} 集，每集约 ${i.episodeLength} 字。${i.style ? `\n风格要求：${i.style}` : ''}
<synopsis>
${i.synopsis}
</synopsis>
<characters>
${i.characters}
</characters>
<chapters>
${i.chapters}
</chapters>
<episodes>${i.episodes}</episodes>`,
  }),
  episode: (i) => ({
    system: `你是短剧编剧，按大纲写一集的分场剧本。${CRAFT}
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
（第${i.number}集完）
场景标题里时间写“日”或“夜”，内景写“内”、外景写“外”。<characters> 每行是“名字 | 别名 | 简介”，说话人只能用每行的名字（不要用别名）。<events> 里 #数字 是章节号，- 是事件，> 是原话（说话人: 台词）。`,
    user: `作品：《${i.title}》，第${i.number}/${i.total}集，约 ${i.episodeLength} 字，3–5场。${i.style ? `\n风格要求：${i.style}` : ''}
<episode>
${i.episode}
</episode>
<previous_hook>${i.previousHook}</previous_hook>
<next>${i.nextSummary}</next>
<characters>
${i.characters}
</characters>
<events>
${i.events}
</events>${stepTag('episode')}`,
  }),
};
