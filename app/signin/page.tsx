import { getLocale } from '@/lib/i18n/server';
import { AuthForm } from '../components/auth-form';

export default async function SignInPage() {
  return <AuthForm mode="signin" locale={await getLocale()} />;
}
