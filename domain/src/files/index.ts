export { ObjectStoreError, SHA256, type ObjectStore } from './object-store';
export { FolderObjectStore, objectStoreFromEnv } from './store';
export { S3ObjectStore, type S3Settings } from './s3-store';
export { createUpload, uploadStatus, appendToUpload, uploadedBy, UPLOAD_LIFETIME_MS, type UploadView } from './uploads';
export {
  defaultObjectStore, storeDealDocument, documentStream, listDealDocuments, dealDocumentMeta, documentBytes, readDealDocument, DocumentBytesMissing,
  type DealFileMeta, type DealFile, type NewDocument,
} from './documents';
