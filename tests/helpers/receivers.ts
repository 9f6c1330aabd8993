// Real sockets that notifications are sent to, started inside a test: an HTTP receiver for
// webhooks (answers from a script of statuses, then 200) and an SMTP server (smtp-server) whose
// mail is parsed with mailparser. Tests await what arrives; nothing sleeps.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** What arrived so far, and a wait for the first item that matches. */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { match(v: T): boolean; resolve(v: T): void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(item)) return true;
      w.resolve(item);
      return false;
    });
  }

  /** Resolves with the first item (arrived or to come) that matches; rejects after `timeoutMs`. */
  next(match: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const got = this.items.find(match);
    if (got !== undefined) return Promise.resolve(got);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`nothing matching arrived in ${timeoutMs} ms (${this.items.length} other items)`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      });
    });
  }

  /** Resolves once `count` items match. */
  async count(match: (v: T) => boolean, count: number, timeoutMs = 30_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.items.filter(match);
      if (got.length >= count) return got;
      await this.next((v) => match(v) && !got.includes(v), Math.max(1, deadline - Date.now()));
    }
  }
}

/** Listens on 127.0.0.1 at a free port; resolves with the port. */
export async function listenOnLoopback(server: http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** An HTTP server whose handler gets the whole request body as text. */
function withBody(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => handler(req, res, body));
  });
}

export interface WebhookReceiver {
  url: string;
  inbox: Inbox<Received>;
  /** The next requests get these answers (a status, or a status and body), in order; after them 200 "ok". */
  respondWith(...answers: (number | [number, string])[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const inbox = new Inbox<Received>();
  let script: (number | [number, string])[] = [];
  const server = withBody((req, res, body) => {
    const next = script.shift() ?? 200;
    const [status, text] = typeof next === 'number' ? [next, next < 300 ? 'ok' : 'receiver says no'] : next;
    inbox.push({ headers: req.headers, body, status });
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    inbox,
    respondWith: (...answers) => {
      script = answers;
    },
    close: () => closeServer(server),
  };
}

export interface MailReceiver {
  port: number;
  url: string;
  inbox: Inbox<ParsedMail & { envelopeTo: string[] }>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<MailReceiver> {
  const inbox = new Inbox<ParsedMail & { envelopeTo: string[] }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          callback();
        })
        .catch(callback);
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SmsRequest {
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
  status: number;
}

export interface FakeSmsProvider {
  url: string;
  inbox: Inbox<SmsRequest>;
  /** The next requests get these statuses (answered in Twilio's error format), then 201. */
  respondWith(...statuses: number[]): void;
  close(): Promise<void>;
}

/** Speaks Twilio's Messages API: form-encoded POST, Basic auth, 201 {sid, status: "queued"}. */
export async function startFakeSmsProvider(): Promise<FakeSmsProvider> {
  const inbox = new Inbox<SmsRequest>();
  let script: number[] = [];
  let n = 0;
  const server = withBody((req, res, body) => {
    const ok =
      req.method === 'POST' &&
      /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(req.url ?? '') &&
      /^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '');
    const status = ok ? (script.shift() ?? 201) : 404;
    inbox.push({
      path: req.url ?? '',
      authorization: req.headers.authorization,
      form: Object.fromEntries(new URLSearchParams(body)),
      status,
    });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        status === 201
          ? { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' }
          : {
              code: status === 400 ? 21211 : 20500,
              message: status === 400 ? 'Invalid To number' : 'Internal error',
              status,
            },
      ),
    );
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    inbox,
    respondWith: (...statuses) => {
      script = statuses;
    },
    close: () => closeServer(server),
  };
}
