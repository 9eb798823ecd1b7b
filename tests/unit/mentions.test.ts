import { describe, expect, it } from 'vitest'
import { mentionedIds, mentionMarkup, noteParts } from '../../shared/mentions'

const ada = { id: '0190a1b2-0000-7000-8000-00000000000a', name: 'Ada Lovelace' }
const bob = { id: '0190a1b2-0000-7000-8000-00000000000b', name: 'Bob [Sales]' }

describe('mentions in notes', () => {
  it('are found by id, each once, and a name cannot break out of its brackets', () => {
    const note = `Hi ${mentionMarkup(ada)}, ${mentionMarkup(bob)} and again ${mentionMarkup(ada)}`
    expect(mentionMarkup(bob)).toBe('@[Bob (Sales)](user:0190a1b2-0000-7000-8000-00000000000b)')
    expect(mentionedIds(note)).toEqual([ada.id, bob.id])
    expect(mentionedIds('an email like ada@example.com or @[x](user:not-a-uuid) mentions nobody')).toEqual([])
    expect(mentionedIds(null)).toEqual([])
  })

  it('split into text and mentions for display, in order', () => {
    expect(noteParts(`${mentionMarkup(ada)} please call`)).toEqual([{ mention: 'Ada Lovelace', userId: ada.id }, { text: ' please call' }])
    expect(noteParts('plain')).toEqual([{ text: 'plain' }])
  })
})
