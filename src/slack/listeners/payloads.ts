import { z } from 'zod';

/**
 * What the listeners take from Slack's payloads, parsed with zod at the edge: a button's value,
 * a modal's `private_metadata` and its inputs' state. Slack signs these requests, but a value
 * may come from an old message, a modal from an earlier version, or a client that altered them;
 * what does not parse is refused with a clear message before anything is done.
 */

/** An approval request's id, as its buttons carry it. */
export const approvalId = z.string().regex(/^\d{1,15}$/).transform(Number);
/** An item's code, as the "Report progress" button carries it. */
export const itemCode = z.string().trim().min(1).max(64);
/** An App Home page number; anything else is the first page. */
export const pageNumber = z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1)).catch(1);
/** A Slack user id. */
export const userId = z.string().regex(/^[UW][A-Z0-9]+$/);
/** A Slack conversation id (channel, private channel or DM). */
export const conversationId = z.string().regex(/^[CDG][A-Z0-9]+$/);
/** A date as Slack's datepicker gives it. */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A modal's `private_metadata`: JSON text against `schema` (empty text is `{}`); undefined when it is not. */
export function parseMetadata<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** One input's state, read to its value (undefined when empty). */
export const input = {
  text: z.object({ value: absent(z.string()) }).nullish().transform((state) => state?.value),
  select: z.object({ selected_option: absent(z.object({ value: z.string() })) }).nullish().transform((state) => state?.selected_option?.value),
  user: z.object({ selected_user: absent(userId) }).nullish().transform((state) => state?.selected_user),
  date: z.object({ selected_date: absent(isoDay) }).nullish().transform((state) => state?.selected_date),
  /** A multi-users select: the people chosen, none when empty. */
  users: z.object({ selected_users: absent(z.array(userId)) }).nullish().transform((state) => state?.selected_users ?? []),
  /** A block that is a static select or, with too many options for one, a text input: the value chosen or typed. */
  selectOrText: z
    .object({ selected_option: absent(z.object({ value: z.string() })), value: absent(z.string()) })
    .nullish()
    .transform((state) => state?.selected_option?.value ?? state?.value),
};

type Fields = Record<string, z.ZodType>;
export type ViewValues<F extends Fields> = { [K in keyof F]: z.output<F[K]> };

/**
 * A modal's inputs, each in a block whose id is its action id (as the bot's modals are built).
 * On failure, the field that did not parse, for an error beside it.
 *
 * @example
 * const read = readView(view.state.values, { note: input.text, item: input.select });
 * if (!read.ok) return ack({ response_action: 'errors', errors: { [read.field]: … } });
 */
export function readView<F extends Fields>(values: unknown, fields: F): { ok: true; data: ViewValues<F> } | { ok: false; field: keyof F & string } {
  const state = (typeof values === 'object' && values !== null ? values : {}) as Record<string, Record<string, unknown> | undefined>;
  const flat = Object.fromEntries(Object.keys(fields).map((id) => [id, state[id]?.[id]]));
  const parsed = z.object(fields).safeParse(flat);
  if (parsed.success) return { ok: true, data: parsed.data as ViewValues<F> };
  return { ok: false, field: String(parsed.error.issues[0]?.path[0] ?? Object.keys(fields)[0]) as keyof F & string };
}
