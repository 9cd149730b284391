// Filling the portal's formily forms as a person would: a field found by its label, an antd select picked (by typing
// first when it searches the api), a date typed at the keyboard, money typed in 元.
import type { Locator } from 'playwright-core';

/** China Standard Time wall clock of `at`: `YYYY-MM-DD HH:mm` (what the date pickers show, whatever the browser's zone). */
export const cst = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
/** The China Standard Time date of `at`: `YYYY-MM-DD`. */
export const cstDay = (at: number) => cst(at).slice(0, 10);
/** The next whole minute at least `ms` from now (rooms are booked by the minute). */
export const minuteAfter = (ms: number) => Math.ceil((Date.now() + ms) / 60_000) * 60_000;

/** The formily item labelled `label` inside `scope`. */
export const item = (scope: Locator, label: string) => scope.locator('.ant-formily-item', { has: scope.page().locator('.ant-formily-item-label', { hasText: label }) }).first();

/**
 * Picks an antd select's option, typing `search` first when given, and waits until the select shows a choice: a
 * click landing while a searched list is being replaced by the api's answer can be lost (seen on a loaded machine),
 * so it picks again, at most thrice. The last dropdown opened is this select's (another one's may still be closing).
 */
export async function pick(select: Locator, search: string | null, option: string | RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await select.locator('.ant-select-selector').first().click();
    if (search !== null) await select.locator('input').first().fill(search);
    await select.page().locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).last().click();
    try {
      await select.locator('.ant-select-selection-item').first().waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** Types a date (and time) into a date picker and leaves it, as a person at a keyboard would. */
export async function typeDate(scope: Locator, value: string): Promise<void> {
  const input = scope.locator('.ant-picker input');
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await input.press('Tab');
  await scope.page().locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  expect(await input.inputValue()).toBe(value);
}

/** Types an amount in 元 into a money (or number) field and leaves it, so the field formats and stores it. */
export async function typeMoney(scope: Locator, yuan: string): Promise<void> {
  const input = scope.locator('.ant-input-number input').first();
  await input.fill(yuan);
  await input.blur();
}
