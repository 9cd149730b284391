import type { TaskSpec } from '../step';
import { sealArchive } from './seal';

export const archiveTasks: Record<string, TaskSpec> = {
  'archive.seal': sealArchive,
};

export { FINISHED_DEAL_STATUSES } from './seal';
export { verifyArchive, type ArchiveVerdict, type ArchiveDifference } from './verify';
export { canonicalManifest, manifestSha256, type Manifest, type ManifestEntry } from './manifest';
