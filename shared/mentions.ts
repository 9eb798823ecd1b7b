/**
 * A mention of a person in a note: `@[Name](user:<uuid>)`. The name is what was shown when
 * it was written; the id is what notifies. Notes without this markup read as plain text.
 */
export const MENTION = /@\[([^\]\n]{1,200})\]\(user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi

/** The ids of the people a note mentions, each once. */
export function mentionedIds(note: string | null | undefined): string[] {
  if (!note) return []
  return [...new Set([...note.matchAll(MENTION)].map(m => m[2]!.toLowerCase()))]
}

/** The markup for one mention; brackets in a name would end it early, so they become parentheses. */
export const mentionMarkup = (person: { id: string, name: string }) => `@[${person.name.replace(/\[/g, '(').replace(/\]/g, ')')}](user:${person.id})`

/** A note split into text and mentions, for display. */
export function noteParts(note: string): ({ text: string } | { mention: string, userId: string })[] {
  const parts: ({ text: string } | { mention: string, userId: string })[] = []
  let at = 0
  for (const match of note.matchAll(MENTION)) {
    if (match.index > at) parts.push({ text: note.slice(at, match.index) })
    parts.push({ mention: match[1]!, userId: match[2]!.toLowerCase() })
    at = match.index + match[0].length
  }
  if (at < note.length) parts.push({ text: note.slice(at) })
  return parts
}
