// The interpreter's projection activity: the portal's rows and the trail events of the steps since the last one.
import type { Db } from '@ggzy/db';
import type { ProjectionInput } from '@ggzy/workflows';
import { projectProcess as writeProjection } from '@ggzy/domain';

export function projectProcess(db: Db) {
  return (input: ProjectionInput): Promise<void> => writeProjection(db, input);
}
