// Type-level reading of `{name}` placeholders in catalogue strings, so a call that forgets a
// parameter, or a translation that drops one, fails to compile.

/** The names of the `{…}` placeholders in a message, as a union (never when there are none). */
export type PlaceholdersOf<Message extends string> = Message extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The keys of `Translation` whose placeholders differ from the source catalogue's. */
export type MismatchedPlaceholders<
  Source extends Record<string, string>,
  Translation extends { [K in keyof Source]: string },
> = {
  [K in keyof Source]: Same<PlaceholdersOf<Source[K]>, PlaceholdersOf<Translation[K]>> extends true ? never : K;
}[keyof Source];

/** Only accepts `never`: instantiate it with `MismatchedPlaceholders<…>` to assert there are none. */
export type AllPlaceholdersKept<Mismatched extends never> = Mismatched;
