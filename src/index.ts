/**
 * The npm entry: every element, their event classes and types, and the
 * runtime for pages that do not use the script-tag loader.
 *
 *   import { installPageRuntime } from 'usercare';
 *   installPageRuntime(); // or wrap elements in <uc-provider site=… endpoint=…>
 */
export { installPageRuntime } from './elements/page-setup';
export { UcFeedbackForm } from '../components/uc-feedback-form/uc-feedback-form';
export { UcProvider } from '../components/uc-provider/uc-provider';
export * from '../components/shared/events';
export { RestBackend } from './client/rest-backend';
export { LocalBackend } from './client/local-backend';
export type { Backend, WriteOptions, Credentials } from './client/backend';
export { BackendError } from './client/errors';
export type { SiteConfig, FormConfig, FieldConfig } from './config/schema';
export type { Receipt, FeedbackSubmission } from './contract/feedback';
export type { IdentifyOptions, Profile } from './client/identity';
export type { UsercareGlobal } from './client/usercare-global';
