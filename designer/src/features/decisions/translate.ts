// The decision table editor in Chinese: dmn-js asks its translate service for its English texts, as bpmn-js does.
import { currentLanguage } from '@ggzy/web';

const ZH_CN: Record<string, string> = {
  'When': '当', 'And': '且', 'Then': '则', 'Annotations': '说明', 'Annotation': '说明',
  'Hit policy': '命中策略', 'Hit policy:': '命中策略：', 'Decision name': '决策名称', 'Decision name: ': '决策名称：',
  'Add rule': '添加规则', 'Add rule above': '在上方添加规则', 'Add rule below': '在下方添加规则', 'Remove rule': '删除规则',
  'Copy rule': '复制规则', 'Cut rule': '剪切规则', 'Paste rule above': '粘贴到上方', 'Paste rule below': '粘贴到下方', 'Move rule': '移动规则',
  'Add input': '添加输入', 'Add output': '添加输出', 'Add input column left': '在左侧添加输入列', 'Add input column right': '在右侧添加输入列',
  'Add output column left': '在左侧添加输出列', 'Add output column right': '在右侧添加输出列', 'Remove input column': '删除输入列', 'Remove output column': '删除输出列',
  'Copy input column': '复制输入列', 'Copy output column': '复制输出列', 'Cut input column': '剪切输入列', 'Cut output column': '剪切输出列',
  'Paste input column left': '粘贴到左侧', 'Paste input column right': '粘贴到右侧', 'Paste output column left': '粘贴到左侧', 'Paste output column right': '粘贴到右侧',
  'Input': '输入', 'Output': '输出', 'Input label': '输入标签', 'Input label: ': '输入标签：', 'Input expression': '输入表达式', 'Input expression: ': '输入表达式：',
  'Input type': '输入类型', 'Input values': '输入取值', 'Output label': '输出标签', 'Output label: ': '输出标签：', 'Output name': '输出名称', 'Output name: ': '输出名称：',
  'Output type': '输出类型', 'Output values': '输出取值', 'Type': '类型', 'Value': '值', 'Values': '取值', 'Predefined values': '预定义取值',
  'Add predefined values': '添加预定义取值', 'Clear predefined values': '清除预定义取值', 'Add values': '添加取值', 'No values': '无取值',
  'Expression': '表达式', 'Enter expression': '输入表达式', 'Expression language': '表达式语言', 'Edit': '编辑', 'Edit string': '编辑字符串', 'Edit number': '编辑数字',
  'Edit boolean': '编辑布尔值', 'Add cell description': '添加单元格说明', 'Remove cell description': '删除单元格说明',
  'Comparison': '比较', 'Range': '区间', 'Equals': '等于', 'Less': '小于', 'Less or equals': '小于等于', 'Greater': '大于', 'Greater or equals': '大于等于',
  'Match one': '匹配其一', 'Match none': '均不匹配', 'Yes': '是', 'No': '否', 'Strings must be in double quotes': '字符串须加双引号',
};

export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = currentLanguage() === 'en' ? template : (ZH_CN[template] ?? template);
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

export default { translate: ['value', translate] };
