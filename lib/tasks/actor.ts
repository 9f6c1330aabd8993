// Who is acting: a user sees their own tasks; an admin sees everyone's.
export interface Actor {
  id: string;
  role: 'user' | 'admin';
  tier: 'standard' | 'vip';
}

/** Prisma `where` fragment restricting tasks to what the actor may see. */
export const ownedBy = (actor: Actor) => (actor.role === 'admin' ? {} : { userId: actor.id });
