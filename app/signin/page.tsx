import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getLocale } from '@/lib/i18n/server';
import { AuthForm } from '../components/auth-form';

export default async function SignInPage() {
  if (await currentActor()) redirect('/tasks');
  return <AuthForm mode="signin" locale={await getLocale()} />;
}
