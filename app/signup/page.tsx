import { redirect } from 'next/navigation';
import { currentActor, signupAllowed, verificationEnabled } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { AuthForm } from '../components/auth-form';
import { cardPad } from '../components/styles';

export default async function SignUpPage() {
  if (await currentActor()) redirect('/tasks');
  const { locale, t } = await getMessages();
  if (!signupAllowed()) {
    return (
      <p role="status" className={`${cardPad} text-muted mx-auto max-w-sm text-sm`}>
        {t.auth.signupClosed}
      </p>
    );
  }
  return <AuthForm mode="signup" locale={locale} verifyByEmail={verificationEnabled()} />;
}
