import type { TaskTypeDescriptor } from './descriptor';

/** 档案管理 */
export const archiveTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'archive.seal',
    title: { zh: '档案封存', en: 'Seal the archive' },
    description: {
      zh: '交易结束（completed / terminated / failed）后，将全部文书、公告和本项目监管留痕链封存为档案：逐项记录路径、SHA-256 和大小，并对规范化清单计算 SHA-256；封存后不可更改，重复封存返回同一档案',
      en: 'Once the deal has ended (completed / terminated / failed), seals every document, notice and the deal\'s supervision trail into its archive: path, SHA-256 and size per entry and the SHA-256 of the canonical manifest; sealed rows never change, sealing again answers the same archive',
    },
    inputs: [],
    defaults: { startToCloseTimeout: 'PT5M' },
  },
];
