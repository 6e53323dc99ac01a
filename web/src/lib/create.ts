/**
 * A new item written on a screen, sent through the outbox under one idempotency key, so a
 * retry of the same item never makes a second one. Once the server has it, its page opens;
 * kept on the phone, the screen says so and the next item written there gets a key of its own.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { newIdempotencyKey } from './api.ts';
import { submit } from './outbox/index.ts';

export function useCreate(kind: string, path: string) {
  const location = useLocation();
  const [key, setKey] = useState(newIdempotencyKey);
  const [saved, setSaved] = useState(false);
  /** Sends the item: 'opened' when its page is shown, 'kept' when it waits on the phone. */
  const create = async (label: string, body: unknown): Promise<'opened' | 'kept'> => {
    const reply = await submit<{ id: string }>({
      kind,
      label,
      path,
      method: 'POST',
      body,
      idempotencyKey: key,
    });
    if (reply.sent) {
      location.route(`${path}/${reply.data.id}`);
      return 'opened';
    }
    setSaved(true);
    setKey(newIdempotencyKey());
    return 'kept';
  };
  return { saved, setSaved, create };
}
