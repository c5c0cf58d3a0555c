import { FieldType } from '../domain/enums.js';
import { CredentialInputError, type FieldProblem } from '../domain/errors.js';
import type { CredentialField, CredentialFields, ProviderDefinition } from '../providers/types.js';
import { hasControlCharacters } from './control-characters.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_LENGTH = 4096;
// An unknown key is named, not echoed: a client once sent a 100 KB key and got it back.
const MAX_KEY_SHOWN = 40;
const MAX_UNKNOWN_LISTED = 5;

const keyName = (key: string) => (key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key);

/**
 * Checks what a seller typed against the provider's form: every problem at once, each
 * naming its field. A field given under one of its aliases is stored under its key. A
 * secret's value is never repeated back in a message.
 */
export function validateCredentialInput(def: ProviderDefinition, input: Record<string, unknown>): CredentialFields {
  const problems: FieldProblem[] = [];
  const known = new Map(def.fields.flatMap((f) => [f.key, ...(f.aliases ?? [])].map((name) => [name, f] as const)));
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_LISTED)) {
    problems.push({ field: keyName(key), message: `${keyName(key)} is not a ${def.name} field (expected ${def.fields.map((f) => f.key).join(', ')})` });
  }
  if (unknown.length > MAX_UNKNOWN_LISTED)
    problems.push({
      field: keyName(unknown[MAX_UNKNOWN_LISTED]!),
      message: `and ${unknown.length - MAX_UNKNOWN_LISTED} more fields that are not ${def.name}'s`,
    });
  const fields: CredentialFields = {};
  for (const field of def.fields) {
    const given = [field.key, ...(field.aliases ?? [])].filter((name) => input[name] !== undefined);
    if (given.length > 1) {
      problems.push({ field: field.key, message: `${given.join(' and ')} are the same field (${field.label}): give it once` });
      continue;
    }
    const raw = input[given[0] ?? field.key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (field.required) problems.push({ field: field.key, message: `${field.key} (${field.label}) is required` });
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push({ field: field.key, message: `${field.key} must be text` });
      continue;
    }
    const value = raw.trim();
    const problem = checkValue(field, value);
    if (problem) problems.push({ field: field.key, message: problem });
    else fields[field.key] = value;
  }
  if (problems.length) throw new CredentialInputError(problems, def.name);
  return fields;
}

function checkValue(field: CredentialField, value: string): string | undefined {
  const shown = field.secret ? '' : ` (got "${value.length > 80 ? value.slice(0, 80) + '…' : value}")`;
  if (value.length > MAX_LENGTH) return `${field.key} is longer than ${MAX_LENGTH} characters`;
  if (hasControlCharacters(value, { allowLineBreaks: true })) return `${field.key} contains control characters (a NUL byte or similar): paste the value again`;
  if (field.type === FieldType.SELECT && field.options && !field.options.includes(value))
    return `${field.key} must be one of ${field.options.join(', ')}${shown}`;
  if (field.type === FieldType.EMAIL && !EMAIL.test(value)) return `${field.key} must be an email address${shown}`;
  if (field.type === FieldType.URL && !URL.canParse(value)) return `${field.key} must be a URL${shown}`;
  if (field.pattern && !new RegExp(field.pattern).test(value)) {
    const hint = field.placeholder ? `; it looks like ${field.placeholder}` : field.helpText ? `; ${field.helpText}` : '';
    return `${field.key} (${field.label}) is not in the expected format${hint}${shown}`;
  }
  return undefined;
}
