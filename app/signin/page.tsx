import { redirect } from 'next/navigation';
import { currentActor, enabledProviders } from '@/lib/auth';
import { getLocale } from '@/lib/i18n/server';
import { AuthForm } from '../components/auth-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await currentActor()) redirect('/tasks');
  const { error } = await searchParams;
  return (
    <AuthForm
      mode="signin"
      locale={await getLocale()}
      providers={enabledProviders()}
      initialError={typeof error === 'string' ? error.slice(0, 100) : null}
    />
  );
}
