// E-mail over SMTP (SMTP_URL, MAIL_FROM) with nodemailer 7. A 5xx answer is permanent (a bad
// address); a 4xx, a refused connection or a timeout is tried again later. `sendMail` is the one
// way any channel sends a mail (task notifications, operator alerts, account mail).
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { env } from '../../env';
import type { Delivery } from '../deliveries';
import type { TaskEventPayload } from '../payload';
import { renderTaskMessage } from '../templates';
import { type Channel, DeliveryFailure } from './types';

const Target = z.object({ to: z.email(), locale: z.enum(['zh', 'en']).optional() }).passthrough();

const globalForMail = globalThis as unknown as { shortplayMail?: nodemailer.Transporter };

export function transport(): nodemailer.Transporter {
  if (!env.SMTP_URL) throw new DeliveryFailure('SMTP_URL is not set on this server', false);
  globalForMail.shortplayMail ??= nodemailer.createTransport(env.SMTP_URL, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
  return globalForMail.shortplayMail;
}

export interface MailMessage {
  subject: string;
  text: string;
  html?: string;
}

/** Sends one mail of delivery `d`; resolves with the server's answer, throws a DeliveryFailure. */
export async function sendMail(d: Delivery, to: string, msg: MailMessage): Promise<string> {
  try {
    const info = await transport().sendMail({
      from: env.MAIL_FROM ?? 'Shortplay <noreply@localhost>',
      to,
      subject: msg.subject,
      text: msg.text,
      ...(msg.html ? { html: msg.html } : {}),
      headers: { 'X-Shortplay-Delivery': d.id, 'X-Shortplay-Event': d.event },
    });
    return `SMTP ${info.response}`;
  } catch (err) {
    if (err instanceof DeliveryFailure) throw err;
    const code = (err as { responseCode?: number }).responseCode;
    const message = `SMTP ${code ?? ''} ${(err as Error).message}`.trim();
    throw new DeliveryFailure(message, !(code !== undefined && code >= 500));
  }
}

export function emailChannel(): Channel {
  return {
    async send(d) {
      const target = Target.safeParse(d.target);
      if (!target.success) throw new DeliveryFailure('malformed e-mail target', false);
      const msg = renderTaskMessage(d.payload as TaskEventPayload, target.data.locale ?? 'zh');
      return sendMail(d, target.data.to, msg);
    },
  };
}
