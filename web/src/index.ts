// The React kit both apps (portal and designer) are built from: the api client, zh-CN/en text, the signed-in user,
// the page frame; the schema form is its own entry (@ggzy/web/schema-form) so the apps can load formily lazily.
// The apps import the kit and never each other.
export * from './api';
export * from './i18n';
export * from './session';
export * from './account';
export * from './frame';
export * from './format';
export * from './day-picker';
export * from './uploads';
export * from './certificates/adapter';
export { KeyFileAdapter } from './certificates/key-file-adapter';
export { setSigningDevice, useSigningDevice, type SigningDevice } from './certificates/device';
export { MoneyYuan } from './form-fields/money-yuan';
