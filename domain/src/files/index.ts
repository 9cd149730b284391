export { FolderObjectStore, ObjectStoreError, objectStoreFromEnv, SHA256, type ObjectStore } from './store';
export { createUpload, uploadStatus, appendToUpload, uploadedBy, UPLOAD_LIFETIME_MS, type UploadView } from './uploads';
