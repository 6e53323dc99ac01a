/**
 * A form's send: checked first with the API's schema (nothing leaves the phone that the
 * server would refuse), then sent; a refusal is kept for the screen, and a 400's fields
 * are marked as the form names them.
 */
import { useState } from 'preact/hooks';
import type * as z from '#shared/schemas/zod.ts';
import { ApiError } from './api.ts';
import { check, type FieldErrors } from './validation.ts';

/** The server names fields `body.title`; the form names them `title`. */
export function stripBody(fields: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^body\./, ''), v]));
}

export function useSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  /**
   * Checks `body` against `schema` (plus any errors the form found itself), then sends the
   * parsed value. Resolves to what `send` gave, or undefined when refused.
   */
  async function submit<T, R>(
    schema: z.ZodMiniType<T>,
    body: unknown,
    send: (value: T) => Promise<R>,
    formErrors: FieldErrors = {},
  ): Promise<R | undefined> {
    const checked = check(schema, body);
    const found = { ...(checked.ok ? {} : checked.errors), ...formErrors };
    if (!checked.ok || Object.keys(found).length) {
      setErrors(found);
      return undefined;
    }
    setErrors({});
    setProblem(undefined);
    setBusy(true);
    try {
      return await send(checked.value);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(stripBody(error.fields));
      setProblem(error);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { errors, problem, busy, submit };
}
