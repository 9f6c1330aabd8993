// What the submit form (/tasks/new) needs: the length limit, the models this server allows
// (default first) and each model's learnt speed, so the browser can show the estimated time
// before submitting.
import { env } from '@/lib/env';
import { allowedModels, defaultModel } from '@/lib/llm/models';
import { learnedSpeeds } from '@/lib/tasks/learned-speed';

export async function presentSubmitForm() {
  const models = allowedModels();
  return { maxChars: env.NOVEL_MAX_CHARS, models, defaultModel: defaultModel(), rates: await learnedSpeeds(models) };
}
export type SubmitFormView = Awaited<ReturnType<typeof presentSubmitForm>>;
