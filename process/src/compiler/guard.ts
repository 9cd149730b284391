// The first gate of compilation: what never reaches the XML parser.
import { problem, type Problem } from '../problems';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Refuses hostile or non-XML input before any parser sees it: too large, DTDs and entity declarations
 * (XXE, billion laughs), processing instructions other than the XML declaration, binary content.
 */
export function guardXml(xml: unknown, maxBytes = DEFAULT_MAX_BYTES): Problem | null {
  if (typeof xml !== 'string') return problem('NOT_BPMN', null);
  const bytes = new TextEncoder().encode(xml).length;
  if (bytes > maxBytes) return problem('XML_TOO_LARGE', null, { limit: maxBytes });
  const text = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST|<!NOTATION/i.test(text)) return problem('XML_FORBIDDEN_DTD', null);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) return problem('XML_MALFORMED', null, { detail: 'control characters / binary content' });
  const first = text.trimStart();
  if (!first.startsWith('<')) return problem('NOT_BPMN', null);
  if (/<\?(?!xml[\s?])/i.test(text)) return problem('XML_MALFORMED', null, { detail: 'processing instructions are not allowed' });
  return null;
}
