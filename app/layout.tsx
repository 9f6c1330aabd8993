import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentActor } from '@/lib/auth';
import { localeTag } from '@/lib/i18n/dictionaries';
import { getMessages } from '@/lib/i18n/server';
import { LocaleSwitch } from './components/locale-switch';
import { SignOutButton } from './components/sign-out-button';
import { TimeZoneCookie } from './components/time-zone-cookie';
import './globals.css';

export const metadata: Metadata = { title: 'Shortplay', description: 'Novel → short-drama script' };
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f172a' },
  ],
};

const navLink =
  'rounded-md px-2 py-1 text-muted text-sm hover:bg-sunken hover:text-ink focus-visible:outline-2 focus-visible:outline-accent';

// The layout only draws the frame: every page checks the user itself.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t, timeZone } = await getMessages();
  const actor = await currentActor().catch(() => null);
  const other = locale === 'zh' ? 'en' : 'zh';
  return (
    <html lang={localeTag(locale)}>
      <body className="bg-canvas text-ink min-h-screen antialiased">
        <a
          href="#main"
          className="bg-accent text-accent-ink sr-only rounded-md px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          {t.nav.skip}
        </a>
        <header className="border-line bg-surface border-b">
          <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2.5">
            <Link href={actor ? '/tasks' : '/signin'} className="text-ink mr-2 text-base font-bold">
              {t.appName}
            </Link>
            <div className="ml-auto flex flex-wrap items-center gap-1">
              {actor ? (
                <>
                  <Link href="/tasks" className={navLink}>
                    {actor.role === 'admin' ? t.nav.allTasks : t.nav.tasks}
                  </Link>
                  {actor.role === 'admin' && (
                    <>
                      <Link href="/admin/metrics" className={navLink}>
                        {t.admin.nav.metrics}
                      </Link>
                      <Link href="/admin/alerts" className={navLink}>
                        {t.admin.nav.alerts}
                      </Link>
                      <Link href="/admin/users" className={navLink}>
                        {t.admin.nav.users}
                      </Link>
                    </>
                  )}
                  <Link href="/account" className={navLink}>
                    {t.nav.account}
                  </Link>
                  <LocaleSwitch to={other} label={t.nav.switchLocale} title={t.nav.switchLocaleLabel} />
                  <SignOutButton label={t.nav.signOut} />
                  <Link
                    href="/tasks/new"
                    className="bg-accent text-accent-ink hover:bg-accent-hover focus-visible:outline-accent ml-1 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2"
                  >
                    {t.nav.newTask}
                  </Link>
                </>
              ) : (
                <>
                  <LocaleSwitch to={other} label={t.nav.switchLocale} title={t.nav.switchLocaleLabel} />
                  <Link href="/signin" className={navLink}>
                    {t.nav.signIn}
                  </Link>
                  <Link href="/signup" className={navLink}>
                    {t.nav.signUp}
                  </Link>
                </>
              )}
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
        <TimeZoneCookie current={timeZone} />
      </body>
    </html>
  );
}
