// A new decision table: one input, one output, one rule, hit policy UNIQUE — what a designer fills in. The key is the
// decision's id, the name business rule tasks refer to (ggzy:decisionRef).

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const DECISION_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;

export function newDecisionTable(key: string, name: string): string {
  const k = escapeXml(key);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${k}_definitions" name="${escapeXml(name)}" namespace="urn:ggzy:decisions">
  <decision id="${k}" name="${escapeXml(name)}">
    <decisionTable id="${k}_table" hitPolicy="UNIQUE">
      <input id="${k}_input" label="预算（分）">
        <inputExpression id="${k}_input_expr" typeRef="number"><text>estimateFen</text></inputExpression>
      </input>
      <output id="${k}_output" name="result" label="结果" typeRef="string"/>
      <rule id="${k}_rule1">
        <inputEntry id="${k}_rule1_in"><text>-</text></inputEntry>
        <outputEntry id="${k}_rule1_out"><text>"默认"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
`;
}
