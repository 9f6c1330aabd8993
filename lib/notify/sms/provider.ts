// The SMS provider interface and its one implementation today: Twilio's Messages API wire format
// (POST {SMS_API_URL}/2010-04-01/Accounts/{sid}/Messages.json, HTTP Basic sid:token, form fields
// To, From, Body; 201 with {sid, status}). Other providers implement `send` the same way.
import { env } from '../../env';
import { DeliveryFailure } from '../channels/types';

export interface SmsProvider {
  /** Sends one message; resolves with the provider's id and status, throws DeliveryFailure. */
  send(to: string, body: string): Promise<string>;
}

export interface TwilioConfig {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  timeoutMs?: number;
}

export function twilioProvider(cfg: TwilioConfig): SmsProvider {
  return {
    async send(to, body) {
      const url = `${cfg.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: to, From: cfg.from, Body: body }),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new DeliveryFailure(`SMS provider unreachable: ${(err as Error).message}`, true);
      }
      const text = await res.text();
      let json: { sid?: string; status?: string; code?: number; message?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: the status line says enough
      }
      if (res.ok) return `SMS ${res.status} ${json.sid ?? ''} ${json.status ?? ''}`.trim();
      const reason = `SMS provider answered ${res.status}${json.code ? ` (code ${json.code})` : ''}: ${json.message ?? text.slice(0, 200)}`;
      // 429 and 5xx pass with time; any other 4xx (a bad number, bad credentials) will not.
      throw new DeliveryFailure(reason, res.status === 429 || res.status >= 500);
    },
  };
}

/** The configured provider, or null when SMS_* are not all set. */
export function smsProvider(): SmsProvider | null {
  if (!env.SMS_ACCOUNT_SID || !env.SMS_AUTH_TOKEN || !env.SMS_FROM) return null;
  return twilioProvider({
    apiUrl: env.SMS_API_URL,
    accountSid: env.SMS_ACCOUNT_SID,
    authToken: env.SMS_AUTH_TOKEN,
    from: env.SMS_FROM,
  });
}
