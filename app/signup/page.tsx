import { getLocale } from '@/lib/i18n/server';
import { AuthForm } from '../components/auth-form';

export default async function SignUpPage() {
  return <AuthForm mode="signup" locale={await getLocale()} />;
}
