// What the submit form needs: the length limit, the models this server allows (default first) and
// each model's learnt speed, so the browser can show the estimated time before submitting.
import { getDb } from '../db/client';
import { env } from '../env';
import { allowedModels, defaultModel } from '../llm/models';
import { charsPerSecond } from '../tasks/estimate';

export async function presentSubmitForm() {
  const models = allowedModels();
  const rates = Object.fromEntries(
    await Promise.all(models.map(async (m) => [m, await charsPerSecond(getDb(), m)] as const)),
  ) as Record<string, number>;
  return { maxChars: env.NOVEL_MAX_CHARS, models, defaultModel: defaultModel(), rates };
}
export type SubmitFormView = Awaited<ReturnType<typeof presentSubmitForm>>;
