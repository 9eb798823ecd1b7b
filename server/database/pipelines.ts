import { v7 as uuidv7 } from 'uuid'
import de from '../../locales/de.json'
import en from '../../locales/en.json'
import type { Locale } from '../../shared/domain'
import type { PipelineStage } from '../../shared/schemas'

const NAMES = { de: de.pipeline_defaults, en: en.pipeline_defaults }

// The funnel every organization starts with; probabilities follow common B2B practice.
const STAGES = [
  { key: 'qualification', probability: 10, kind: 'open' },
  { key: 'needs_analysis', probability: 25, kind: 'open' },
  { key: 'proposal', probability: 50, kind: 'open' },
  { key: 'negotiation', probability: 75, kind: 'open' },
  { key: 'won', probability: 100, kind: 'won' },
  { key: 'lost', probability: 0, kind: 'lost' },
] as const

/** The default sales pipeline in the owner's language, with fresh stage ids. */
export function defaultPipeline(locale: Locale): { name: string, stages: PipelineStage[] } {
  const names = NAMES[locale]
  return {
    name: names.name,
    stages: STAGES.map(({ key, probability, kind }, position) => ({ id: uuidv7(), name: names[key], probability, kind, position })),
  }
}
