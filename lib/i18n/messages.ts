// Every string the pages show, in zh-CN and en. Pages pick a dictionary with getLocale().
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const zh = {
  appName: 'Shortplay 短剧工坊',
  tagline: '把小说改编成短剧剧本',
  nav: { tasks: '我的任务', newTask: '新建任务', signOut: '退出登录', signIn: '登录', signUp: '注册' },
  auth: {
    signInTitle: '登录',
    signUpTitle: '创建账号',
    email: '邮箱',
    password: '密码',
    name: '昵称（可选）',
    signInButton: '登录',
    signUpButton: '注册并登录',
    noAccount: '还没有账号？',
    haveAccount: '已有账号？',
    invalid: '邮箱或密码错误',
    passwordHint: '至少 8 个字符',
  },
  submit: {
    title: '提交小说',
    titleLabel: '标题（可选）',
    contentLabel: '小说正文',
    contentPlaceholder: '在此粘贴小说全文…',
    chars: (n: number, max: number) => `${n.toLocaleString('zh-CN')} / ${max.toLocaleString('zh-CN')} 字`,
    episodes: '集数（可选）',
    submitButton: '开始改编',
    submitting: '提交中…',
  },
  task: {
    status: { pending: '排队中', processing: '生成中', completed: '已完成', failed: '失败', cancelled: '已取消' },
    progress: '进度',
    cancel: '取消任务',
    retry: '重新运行',
    episodes: '分集剧本',
    characters: '人物',
    episode: (n: number) => `第${n}集`,
    scene: (e: number, s: number) => `场${e}-${s}`,
    hook: '卡点',
    engine: '引擎',
    error: '出错了',
    empty: '还没有任务。',
    created: '创建时间',
  },
};

export type Messages = typeof zh;

const en: Messages = {
  appName: 'Shortplay',
  tagline: 'Turn a novel into a short-drama script',
  nav: { tasks: 'My tasks', newTask: 'New task', signOut: 'Sign out', signIn: 'Sign in', signUp: 'Sign up' },
  auth: {
    signInTitle: 'Sign in',
    signUpTitle: 'Create an account',
    email: 'Email',
    password: 'Password',
    name: 'Name (optional)',
    signInButton: 'Sign in',
    signUpButton: 'Sign up and sign in',
    noAccount: 'No account yet?',
    haveAccount: 'Already have an account?',
    invalid: 'Wrong email or password',
    passwordHint: 'At least 8 characters',
  },
  submit: {
    title: 'Submit a novel',
    titleLabel: 'Title (optional)',
    contentLabel: 'Novel text',
    contentPlaceholder: 'Paste the whole novel here…',
    chars: (n: number, max: number) => `${n.toLocaleString('en')} / ${max.toLocaleString('en')} characters`,
    episodes: 'Episodes (optional)',
    submitButton: 'Adapt it',
    submitting: 'Submitting…',
  },
  task: {
    status: {
      pending: 'Queued',
      processing: 'Running',
      completed: 'Completed',
      failed: 'Failed',
      cancelled: 'Cancelled',
    },
    progress: 'Progress',
    cancel: 'Cancel task',
    retry: 'Re-run',
    episodes: 'Episodes',
    characters: 'Characters',
    episode: (n: number) => `Episode ${n}`,
    scene: (e: number, s: number) => `Scene ${e}-${s}`,
    hook: 'Hook',
    engine: 'Engine',
    error: 'Something went wrong',
    empty: 'No tasks yet.',
    created: 'Created',
  },
};

export const dictionaries: Record<Locale, Messages> = { zh, en };

/** zh unless the browser prefers English over Chinese (or the locale cookie says otherwise). */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (cookie === 'zh' || cookie === 'en') return cookie;
  const langs = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of langs) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}
