// Webhooks, signed per Standard Webhooks (webhook-id = the delivery's stable id, webhook-timestamp,
// webhook-signature), POSTed through the SSRF guard with a 10 s timeout. Every attempt's outcome
// counts toward disabling the endpoint.
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { env } from '../../env';
import { type SafePostOptions, safePost, UnsafeTargetError } from '../ssrf';
import { cut } from '../text';
import { endpointForSending, recordEndpointFailure, recordEndpointSuccess } from '../webhooks';
import { type Channel, DeliveryFailure } from './types';

const Target = z.object({ endpoint_id: z.uuid() }).passthrough();

export function webhookChannel(opts: { allowPrivate?: SafePostOptions['allowPrivate'] } = {}): Channel {
  return {
    async send(d) {
      const target = Target.safeParse(d.target);
      if (!target.success) throw new DeliveryFailure('malformed webhook target', false);
      const id = target.data.endpoint_id;
      const endpoint = await endpointForSending(id);
      if (!endpoint) throw new DeliveryFailure('the endpoint was deleted', false);
      if (endpoint.disabledAt && d.event !== 'webhook.test') {
        throw new DeliveryFailure(`the endpoint is disabled: ${endpoint.disabledReason ?? ''}`, false);
      }
      const body = JSON.stringify(d.payload);
      const now = new Date();
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Shortplay-Webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
        'webhook-signature': new Webhook(endpoint.secret).sign(d.id, now, body),
      };
      let outcome: string;
      let failure: DeliveryFailure | null = null;
      try {
        const res = await safePost(endpoint.url, {
          headers,
          body,
          timeoutMs: env.WEBHOOK_TIMEOUT_MS,
          allowPrivate: opts.allowPrivate ?? env.WEBHOOK_ALLOW_PRIVATE,
        });
        outcome = `HTTP ${res.status}${res.body ? `: ${cut(res.body, 300)}` : ''}`;
        if (res.status < 200 || res.status >= 300) failure = new DeliveryFailure(outcome, true);
      } catch (err) {
        outcome = err instanceof UnsafeTargetError ? `refused: ${err.message}` : (err as Error).message;
        failure = new DeliveryFailure(outcome, !(err instanceof UnsafeTargetError));
      }
      if (!failure) {
        await recordEndpointSuccess(id);
        return outcome;
      }
      const disabled = await recordEndpointFailure(id, outcome);
      if (disabled) throw new DeliveryFailure(`${outcome} (the endpoint is now disabled)`, false);
      throw failure;
    },
  };
}
