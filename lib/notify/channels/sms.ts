// SMS: one short line (title, outcome, link) to a verified phone number through the provider.
import { z } from 'zod';
import type { TaskEventPayload } from '../payload';
import { smsProvider } from '../sms/provider';
import { renderTaskMessage } from '../templates';
import { type Channel, DeliveryFailure } from './types';

const Target = z.object({
  to: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .nullable(),
  locale: z.enum(['zh', 'en']).optional(),
});

export function smsChannel(): Channel {
  return {
    async send(d) {
      const target = Target.safeParse(d.target);
      if (!target.success) throw new DeliveryFailure('malformed SMS target', false);
      if (!target.data.to) throw new DeliveryFailure('no verified phone number; verify one on /account', false);
      const provider = smsProvider();
      if (!provider) throw new DeliveryFailure('SMS is not configured on this server', false);
      const payload = d.payload as TaskEventPayload | { text?: string };
      const text =
        'text' in payload && typeof payload.text === 'string'
          ? payload.text
          : renderTaskMessage(payload as TaskEventPayload, target.data.locale ?? 'zh').short;
      return provider.send(target.data.to, text);
    },
  };
}
