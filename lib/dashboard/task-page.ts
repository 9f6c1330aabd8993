// The task page (/tasks/[id]) as it first renders: the task with its result, its events (for the
// stage timeline) and, for an admin looking at someone else's task, the owner's email.
import { getDb } from '../db/client';
import { type Actor, getTaskInfo, listEvents } from '../tasks';

export async function presentTaskPage(actor: Actor, taskId: string) {
  const task = await getTaskInfo(actor, taskId); // another user's task → 404
  const [events, owner] = await Promise.all([
    listEvents(actor, taskId),
    actor.role === 'admin'
      ? getDb().task.findUnique({ where: { id: taskId }, select: { userId: true, user: { select: { email: true } } } })
      : null,
  ]);
  return { task, events, owner: owner && owner.userId !== actor.id ? owner.user.email : null };
}
export type TaskPageView = Awaited<ReturnType<typeof presentTaskPage>>;
