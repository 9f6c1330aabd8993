import Link from 'next/link';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { ResendVerification } from './resend-verification';
import { cardPad, link } from './styles';

/** After a sign-up that mailed a verification link (or on /verify-email): what to do next. */
export function CheckEmail({ locale, email }: { locale: Locale; email?: string }) {
  const t = dictionaries[locale].auth;
  return (
    <div className={`${cardPad} mx-auto max-w-sm`} data-testid="check-email">
      <h1 className="mb-3 text-xl font-bold">{t.checkEmailTitle}</h1>
      <p role="status" className="text-muted text-sm break-words">
        {email ? t.checkEmailBody(email) : t.checkEmailGeneric}
      </p>
      <ResendVerification locale={locale} {...(email ? { email } : {})} />
      <p className="text-muted mt-4 text-sm">
        <Link href="/signin" className={link}>
          {t.goSignIn}
        </Link>
      </p>
    </div>
  );
}
