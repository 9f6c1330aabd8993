import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';

// The home page sends people where they belong: their tasks, or the sign-in form.
export default async function Home() {
  redirect((await currentActor()) ? '/tasks' : '/signin');
}
