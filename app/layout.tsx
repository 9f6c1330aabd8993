import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { SignOutButton } from './components/sign-out-button';
import './globals.css';

export const metadata: Metadata = { title: 'Shortplay', description: 'Novel → short-drama script' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getMessages();
  const actor = await currentActor().catch(() => null);
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-5xl items-center gap-4 px-4 py-3">
            <Link href="/tasks" className="text-lg font-bold">
              {t.appName}
            </Link>
            <div className="ml-auto flex items-center gap-3 text-sm">
              {actor ? (
                <>
                  <Link href="/tasks" className="hover:underline">
                    {t.nav.tasks}
                  </Link>
                  <Link href="/tasks/new" className="rounded bg-indigo-600 px-3 py-1.5 text-white hover:bg-indigo-700">
                    {t.nav.newTask}
                  </Link>
                  <SignOutButton label={t.nav.signOut} />
                </>
              ) : (
                <>
                  <Link href="/signin" className="hover:underline">
                    {t.nav.signIn}
                  </Link>
                  <Link href="/signup" className="hover:underline">
                    {t.nav.signUp}
                  </Link>
                </>
              )}
            </div>
          </nav>
        </header>
        <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
