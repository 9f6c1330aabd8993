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
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const next = script.shift() ?? 200;
      const [status, text] = typeof next === 'number' ? [next, next < 300 ? 'ok' : 'receiver says no'] : next;
      inbox.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    inbox,
    respondWith: (...answers) => {
      script = answers;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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
