// The editor's translate service: bpmn-js asks for its English texts; in Chinese mode they come from ZH_CN.
import { currentLanguage } from '@ggzy/web';
import { ZH_CN } from './zh-CN';

export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = currentLanguage() === 'en' ? template : (ZH_CN[template] ?? template);
  return text.replace(/{([^}]+)}/g, (_, key: string) => {
    const value = replacements[key];
    return value === undefined ? `{${key}}` : (currentLanguage() === 'en' ? value : (ZH_CN[value] ?? value));
  });
}

export default { translate: ['value', translate] };
