import { z } from 'zod'
import { ROLES } from '../domain'
import { email, locale, requiredText } from './common'

export const role = z.enum(ROLES)

export const password = z.string().min(8, { error: 'must be at least 8 characters' }).max(256, { error: 'must be at most 256 characters' })

export const loginInput = z.object({
  email,
  password: z.string().min(1).max(256),
}).strict()
export type LoginInput = z.infer<typeof loginInput>

export const userCreate = z.object({
  email,
  name: requiredText(200),
  role: role.default('member'),
  locale: locale.default('de'),
}).strict()
export type UserCreate = z.infer<typeof userCreate>

export const userUpdate = z.object({
  name: requiredText(200),
  role,
  locale,
}).partial().strict()
export type UserUpdate = z.infer<typeof userUpdate>
