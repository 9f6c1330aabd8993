import Link from 'next/link';
import { getMessages } from '@/lib/i18n/server';
import { CheckEmail } from '../components/check-email';
import { ResendVerification } from '../components/resend-verification';
import { btnPrimary, cardPad } from '../components/styles';

// Where a verification link lands (GET /api/users/verification redirects here with its result).
// Nobody is signed in by it: the page says how it went and leads to the sign-in form.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ result?: string }> }) {
  const { locale, t } = await getMessages();
  const { result } = await searchParams;
  if (result !== 'verified' && result !== 'already_verified' && result !== 'invalid') {
    return <CheckEmail locale={locale} />;
  }
  const ok = result !== 'invalid';
  return (
    <div className={`${cardPad} mx-auto max-w-sm`} data-testid="verify-result" data-result={result}>
      <h1 className="mb-3 text-xl font-bold">{ok ? t.auth.verifiedTitle : t.auth.invalidLinkTitle}</h1>
      <p role="status" className="text-muted text-sm">
        {result === 'verified' ? t.auth.verifiedBody : ok ? t.auth.alreadyVerifiedBody : t.auth.invalidLinkBody}
      </p>
      {ok ? (
        <Link href="/signin" className={`${btnPrimary} mt-4 w-full`}>
          {t.auth.goSignIn}
        </Link>
      ) : (
        <ResendVerification locale={locale} />
      )}
    </div>
  );
}
