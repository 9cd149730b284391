// The interpreter's lookup for call activities: the called process as deployed for the deal's city.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '@ggzy/db';
import type { DefinitionRef, ProcessModel } from '@ggzy/process';
import { DefinitionNotFound, resolveDefinition as resolve } from '@ggzy/domain';

/** For call activities: the called process as deployed for the deal's city (else the province's default). */
export function resolveDefinition(db: Db) {
  return async (input: { key: string; regionCode: string }): Promise<{ model: ProcessModel; definition: DefinitionRef }> => {
    try {
      const found = await resolve(db, input.key, input.regionCode);
      return { model: found.model, definition: found.definition };
    } catch (err) {
      if (err instanceof DefinitionNotFound) throw ApplicationFailure.nonRetryable(err.message, 'DefinitionNotFound');
      throw err;
    }
  };
}
