import { readFile, stat } from 'node:fs/promises';
import { compileBpmn, TASK_TYPES, type Problem } from '@ggzy/process';

export interface CliIo { out(line: string): void; err(line: string): void }

const USAGE = 'usage: ggzy validate [--lang zh-CN|en] <file.bpmn>…';

function shape(problems: Problem[], lang: 'zh-CN' | 'en') {
  return problems.map((p) => ({ code: p.code, category: p.category, element: p.element, message: lang === 'en' ? p.messageEn : p.message }));
}

/**
 * `ggzy validate`: one JSON object per file on stdout. Exit 0 when all are valid, 1 when any is invalid,
 * 2 on a usage error or an unreadable file. Never throws.
 */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  let lang: 'zh-CN' | 'en' = /^en/i.test(process.env.LANG ?? '') ? 'en' : 'zh-CN';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--lang') {
      const v = args[++i];
      if (v !== 'zh-CN' && v !== 'en') { io.err(USAGE); return 2; }
      lang = v;
    } else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) { io.err(USAGE); return 2; }
  let code = 0;
  for (const file of files) {
    let xml: string;
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a regular file');
      xml = await readFile(file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      io.out(JSON.stringify({
        file, valid: false,
        errors: [{ code: 'FILE_UNREADABLE', category: 'document', element: null, message: lang === 'en' ? `cannot read the file: ${reason}` : `无法读取文件：${reason}` }],
        warnings: [],
      }));
      code = 2;
      continue;
    }
    let result;
    try {
      result = await compileBpmn(xml, { taskTypes: TASK_TYPES });
    } catch (err) {
      result = { model: null, errors: [{ code: 'XML_MALFORMED', category: 'document', element: null, message: `无法解析：${(err as Error).message}`, messageEn: `cannot parse: ${(err as Error).message}` } as unknown as Problem], warnings: [] };
    }
    const valid = result.errors.length === 0;
    io.out(JSON.stringify({ file, valid, errors: shape(result.errors, lang), warnings: shape(result.warnings, lang) }));
    if (!valid && code === 0) code = 1;
  }
  return code;
}
